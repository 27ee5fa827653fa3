import Foundation
import HTTPTypes
import Hummingbird
import Meyasu

/// Signing in and out, by form or by the JSON API. Every failure says the same thing, except a
/// lock-out, which says how long it lasts.
struct LoginRoutes: Sendable {
    let services: PortalServices

    func register(on router: Router<PortalContext>) {
        router.get("/") { _, context in home(context) }
        router.get("/login") { _, context in loginPage(context) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { _, context in logout(context, api: false) }
        router.post("/api/login") { request, context in try await apiLogin(request, context) }
        router.post("/api/logout") { _, context in logout(context, api: true) }
        router.get("/api/session") { _, context in try session(context) }
        router.get("/static/portal.css") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: services.pages.stylesheet))
        }
    }

    /// Where each role starts.
    static func start(_ role: AccountRole) -> String {
        switch role {
        case .admin, .department: "/proposals"
        case .hr: "/survey"
        case .staff: "/board"
        }
    }

    func home(_ context: PortalContext) -> Response {
        .redirect(to: context.account.map { Self.start($0.role) } ?? "/login", type: .normal)
    }

    func loginPage(_ context: PortalContext, name: String = "", error: String? = nil,
                   status: HTTPResponse.Status = .ok) -> Response {
        if let account = context.account { return .redirect(to: Self.start(account.role), type: .normal) }
        var context = context
        var cookie: Cookie?
        if context.session == nil {
            // The sign-in form's CSRF token needs a session before anyone is signed in.
            let session = services.sessions.create(at: services.clock())
            context.session = session
            cookie = SessionMiddleware.cookie(session.id, secure: services.settings.secureCookies)
        }
        var response = services.pages.page("login", ["name": name], context: context, status: status, error: error)
        if let cookie { response.setCookie(cookie) }
        return response
    }

    func login(_ request: Request, _ context: PortalContext) async throws -> Response {
        var request = request
        let form = try await request.formFields()
        let name = form.value("name") ?? ""
        switch try signIn(name: name, password: form.first("password") ?? "", address: clientAddress(request, context)) {
        case .success(let account):
            return signedIn(account, context: context, response: .redirect(to: Self.start(account.role), type: .normal))
        case .refused:
            var anonymous = context
            anonymous.session = nil
            return loginPage(anonymous, name: name, error: "アカウント名またはパスワードが違います。", status: .unauthorized)
        case .locked(let until):
            var anonymous = context
            anonymous.session = nil
            return loginPage(anonymous, name: name, error: Self.lockedMessage(until, now: services.clock()), status: .tooManyRequests)
        case .throttled(let until):
            var anonymous = context
            anonymous.session = nil
            return loginPage(anonymous, name: name, error: Self.throttledMessage(until, now: services.clock()), status: .tooManyRequests)
        }
    }

    struct Credentials: Decodable {
        var name: String
        var password: String
    }

    func apiLogin(_ request: Request, _ context: PortalContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: 64 * 1024)
        } catch {
            throw PortalError(.tooLarge, "the sign-in body is larger than 64 KiB; send {\"name\": …, \"password\": …} only.")
        }
        guard let credentials = try? JSONDecoder().decode(Credentials.self, from: Data(buffer: body)) else {
            throw PortalError(.badRequest, "the body must be a JSON object {\"name\": …, \"password\": …}.")
        }
        switch try signIn(name: credentials.name, password: credentials.password, address: clientAddress(request, context)) {
        case .success(let account):
            let session = services.sessions.create(account: account, at: services.clock())
            var response = JSONBody.response(Self.sessionJSON(session))
            if let old = context.session { services.sessions.destroy(old.id) }
            response.setCookie(SessionMiddleware.cookie(session.id, secure: services.settings.secureCookies))
            return response
        case .refused:
            return JSONBody.response(["error": "wrong account name or password."], status: .unauthorized)
        case .locked(let until):
            return JSONBody.response(["error": Self.lockedMessage(until, now: services.clock())], status: .tooManyRequests)
        case .throttled(let until):
            return JSONBody.response(["error": Self.throttledMessage(until, now: services.clock())], status: .tooManyRequests)
        }
    }

    enum Outcome {
        case success(Account)
        case refused
        case locked(until: Date)
        /// Too many refusals from this address (`LoginThrottle`).
        case throttled(until: Date)
    }

    /// The address a sign-in comes from: the peer, or behind one of `portal.trusted_proxies` the
    /// last address its `X-Forwarded-For` names (the one the proxy itself added).
    func clientAddress(_ request: Request, _ context: PortalContext) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "local"
        guard services.settings.trustedProxies.contains(peer),
              let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
              let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty else {
            return peer
        }
        return last
    }

    func signIn(name: String, password: String, address: String) throws -> Outcome {
        let now = services.clock()
        if let until = services.throttle.retryAfter(address, at: now) {
            services.logger.warning("sign-in refused: too many from one address")
            return .throttled(until: until)
        }
        let outcome = try services.accounts.signIn(name: name, password: password)
        // Counts and outcomes only: the name typed may be someone's real name.
        switch outcome {
        case .success(let account):
            services.logger.info("signed in", metadata: ["meyasu.account.id": "\(account.id)", "meyasu.account.role": "\(account.role.rawValue)"])
            return .success(account)
        case .refused:
            services.logger.notice("sign-in refused")
            services.throttle.recordFailure(address, at: now)
            return .refused
        case .locked(let until):
            services.logger.warning("sign-in refused: account locked")
            services.throttle.recordFailure(address, at: now)
            return .locked(until: until)
        }
    }

    /// A fresh session for `account` (a new id: the one used before signing in is dropped).
    func signedIn(_ account: Account, context: PortalContext, response: Response) -> Response {
        if let old = context.session { services.sessions.destroy(old.id) }
        let session = services.sessions.create(account: account, at: services.clock())
        var response = response
        response.setCookie(SessionMiddleware.cookie(session.id, secure: services.settings.secureCookies))
        return response
    }

    func logout(_ context: PortalContext, api: Bool) -> Response {
        if let session = context.session { services.sessions.destroy(session.id) }
        var response: Response = api ? JSONBody.response(["signed_out": true]) : .redirect(to: "/login", type: .normal)
        response.setCookie(SessionMiddleware.expiredCookie(secure: services.settings.secureCookies))
        return response
    }

    func session(_ context: PortalContext) throws -> Response {
        guard let session = context.session, session.account != nil else {
            throw PortalError(.unauthorized, "not signed in; POST /api/login first.")
        }
        return JSONBody.response(Self.sessionJSON(session))
    }

    static func sessionJSON(_ session: PortalSession) -> [String: Any] {
        ["name": session.account?.name ?? "", "role": session.account?.role.rawValue ?? "",
         "department": session.account?.department as Any, "csrf_token": session.csrfToken]
    }

    static func throttledMessage(_ until: Date, now: Date) -> String {
        let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
        return "ログインの失敗が続いたため、この端末からのログインを約\(minutes)分間受け付けません。"
    }

    static func lockedMessage(_ until: Date, now: Date) -> String {
        let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
        return "パスワードの誤りが続いたため、このアカウントは約\(minutes)分間ロックされています。"
    }
}
