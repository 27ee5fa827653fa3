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
        let password = form.first("password") ?? "", address = clientAddress(request, context)
        let outcome = try await BlockingWork.run { [self] in try signIn(name: name, password: password, address: address) }
        guard case .success(let account) = outcome else {
            let (status, message) = refusal(outcome)
            // The page keeps the session it had (not signed in), so its new form has a token.
            return loginPage(context, name: name, error: message, status: status)
        }
        var response = Response.redirect(to: Self.start(account.role), type: .normal)
        response.setCookie(SessionMiddleware.cookie(newSession(account, replacing: context).id, secure: services.settings.secureCookies))
        return response
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
        let address = clientAddress(request, context)
        let outcome = try await BlockingWork.run { [self] in
            try signIn(name: credentials.name, password: credentials.password, address: address)
        }
        guard case .success(let account) = outcome else {
            let (status, message) = refusal(outcome)
            return JSONBody.response(["error": message], status: status)
        }
        let session = newSession(account, replacing: context)
        var response = JSONBody.response(Self.sessionJSON(session))
        response.setCookie(SessionMiddleware.cookie(session.id, secure: services.settings.secureCookies))
        return response
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

    /// Checks the password (`AccountService`: lock-out and throttling) and logs the outcome:
    /// counts and outcomes only, since the name typed may be someone's real name.
    func signIn(name: String, password: String, address: String) throws -> AccountService.SignIn {
        let outcome = try services.accounts.signIn(name: name, password: password, from: address)
        switch outcome {
        case .success(let account):
            services.logger.info("signed in", metadata: ["meyasu.account.id": "\(account.id)", "meyasu.account.role": "\(account.role.rawValue)"])
        case .refused: services.logger.notice("sign-in refused")
        case .locked: services.logger.warning("sign-in refused: account locked")
        case .throttled: services.logger.warning("sign-in refused: too many from one address")
        }
        return outcome
    }

    /// The status and sentence of a refused sign-in: the same for an unknown name and a wrong
    /// password; a lock-out or a throttled address says how long it lasts.
    func refusal(_ outcome: AccountService.SignIn) -> (HTTPResponse.Status, String) {
        let now = services.clock()
        func minutes(_ until: Date) -> Int { max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up))) }
        switch outcome {
        case .success, .refused: return (.unauthorized, "アカウント名またはパスワードが違います。")
        case .locked(let until):
            return (.tooManyRequests, "パスワードの誤りが続いたため、このアカウントは約\(minutes(until))分間ロックされています。")
        case .throttled(let until):
            return (.tooManyRequests, "ログインの失敗が続いたため、この端末からのログインを約\(minutes(until))分間受け付けません。")
        }
    }

    /// A fresh session for `account`: a new id, and the one used before signing in is dropped.
    func newSession(_ account: Account, replacing context: PortalContext) -> PortalSession {
        if let old = context.session { services.sessions.destroy(old.id) }
        return services.sessions.create(account: account, at: services.clock())
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

}
