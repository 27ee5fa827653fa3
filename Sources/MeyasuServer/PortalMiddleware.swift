import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Meyasu
import MultipartKit
import NIOCore

/// Headers on every response: no script may run, no other site may frame the portal, nothing
/// private is cached.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = PortalContext

    func handle(_ request: Request, context: PortalContext,
                next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // Inline style attributes colour the survey's heatmap; scripts are not allowed at all.
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if request.uri.path != "/static/portal.css" {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

/// One log line per request: method, route pattern (`/proposals/{id}`, never the query, which may
/// hold search words), status and time taken. No identifier, no cell value, no account name.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = PortalContext
    let logger: Logger

    func handle(_ request: Request, context: PortalContext,
                next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            logger.info("request", metadata: [
                "meyasu.http.method": "\(request.method.rawValue)",
                "meyasu.http.route": "\(context.endpointPath ?? "unmatched")",
                "meyasu.http.status": "\(status)",
                "meyasu.http.ms": "\(String(format: "%.2f", milliseconds))",
            ])
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}

/// Finds the request's session from its cookie, or signs the request in from the trusted
/// proxy header when that is configured and the peer is one of the trusted proxies.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = PortalContext
    static let cookieName = "meyasu_session"
    let services: PortalServices

    func handle(_ request: Request, context: PortalContext,
                next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        var context = context
        let now = services.clock()
        if let id = request.cookies[Self.cookieName]?.value, var session = services.sessions.session(id, at: now) {
            if let signedIn = session.account {
                // The account is read again on every request: disabling it, or changing its
                // password (also with `meyasu user`), ends its sessions at once.
                let current = try services.store.account(id: signedIn.id)
                if let current, !current.disabled, current.passwordHash == signedIn.passwordHash {
                    session.account = current
                    context.session = session
                } else {
                    services.sessions.destroy(id)
                }
            } else {
                context.session = session
            }
        }
        if let header = services.settings.trustedHeader, context.account == nil,
           let field = HTTPField.Name(header), let name = request.headers[field],
           let peer = context.remoteAddress?.ipAddress, services.settings.trustedProxies.contains(peer),
           let account = try services.accounts.trusted(name: name) {
            let session = services.sessions.create(account: account, at: now)
            context.session = session
            var response = try await next(request, context)
            response.setCookie(Self.cookie(session.id, secure: services.settings.secureCookies))
            return response
        }
        return try await next(request, context)
    }

    /// The session cookie: HttpOnly, SameSite=Strict, path /, Secure when configured; it lasts
    /// as long as the browser (the server ends idle sessions).
    static func cookie(_ value: String, secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: value, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func expiredCookie(secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}

/// Refuses every write (POST) without the session's CSRF token: in the form field `_csrf`
/// (URL-encoded or multipart forms) or the `X-CSRF-Token` header (the API). The one exception is
/// `/api/login`, which takes JSON only, a content type no other site's form can send.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = PortalContext
    static let field = "_csrf"
    static let header = HTTPField.Name("X-CSRF-Token")!
    let uploadLimit: Int

    func handle(_ request: Request, context: PortalContext,
                next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        let upload = request.uri.path == "/admin/upload"
        let limit = upload ? uploadLimit + 64 * 1024 : 1024 * 1024
        let tooLarge = upload
            ? PortalError(.tooLarge, "the file is larger than the portal takes (\(uploadLimit / 1024 / 1024) MB, portal.upload_limit_mb).")
            : PortalError(.tooLarge, "the request is larger than 1 MB, the most a form or an API write takes; shorten the text.")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        if request.uri.path == "/api/login" {
            guard request.headers[.contentType]?.hasPrefix("application/json") == true else {
                throw PortalError(.badRequest, "/api/login takes a JSON body {\"name\", \"password\"}.")
            }
            return try await next(request, context)
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch {
            throw tooLarge
        }
        // A multipart body (the upload) is parsed once, here: the handler reads the parts from
        // the context instead of parsing up to the upload limit again.
        var context = context
        let contentType = request.headers[.contentType] ?? ""
        var sent = request.headers[Self.header]
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            sent = sent ?? FormFields(body).first(Self.field)
        } else if contentType.hasPrefix("multipart/form-data"), let boundary = MultipartUpload.boundary(contentType) {
            let form = try MultipartUpload(body, boundary: boundary)
            context.multipart = form
            sent = sent ?? form.text(Self.field)
        }
        guard let expected = context.session?.csrfToken, let sent, SessionStore.tokensMatch(sent, expected) else {
            throw PortalError(.csrf, "the form has expired or did not come from this portal; reload the page and try again.")
        }
        return try await next(request, context)
    }
}

/// Turns an error into the page (or, under /api, the JSON) a user can act on. A page that
/// needs a signed-in user sends the browser to the sign-in page instead.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = PortalContext
    let pages: PageRenderer
    let logger: Logger

    func handle(_ request: Request, context: PortalContext,
                next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let status = ErrorMapping.status(error)
            if status.code >= 500 {
                // The type only: library messages carry no cell values, but a foreign error might.
                logger.error("request failed", metadata: ["meyasu.error.type": "\(type(of: error))",
                                                          "meyasu.http.route": "\(context.endpointPath ?? "unmatched")"])
            }
            let message = ErrorMapping.message(error)
            if request.uri.path.hasPrefix("/api/") {
                return JSONBody.response(["error": message], status: status)
            }
            if status == .unauthorized {
                return .redirect(to: "/login", type: .normal)
            }
            let heading = switch status.code {
            case 400: "入力を確認してください"
            case 403: "この操作はできません"
            case 404: "見つかりません"
            case 413: "ファイルが大きすぎます"
            case 503: "混み合っています"
            default: "エラー"
            }
            return pages.page("error", ["heading": heading, "message": message], context: context, status: status)
        }
    }
}
