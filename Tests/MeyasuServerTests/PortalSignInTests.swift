import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Meyasu
@testable import MeyasuServer
import Testing

/// Signing in and out: cookies, lock-out after repeated wrong passwords, sessions that end when
/// the account changes, and the optional trusted proxy header.
@Suite("Portal sign-in and sessions", .serialized)
struct PortalSignInTests {
    @Test("The session cookie is HttpOnly and SameSite=Strict, renewed at sign-in, and ended by logout")
    func cookies() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            let page = try await browser.get("/login")
            let anonymousCookie = try #require(browser.cookie)
            let setCookie = try #require(page.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
            #expect(!setCookie.contains("Secure"))
            let signedIn = try await browser.post("/login", [("name", "jinji1"), ("password", PortalFixture.password)])
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/proposals")
            #expect(browser.cookie != anonymousCookie)
            #expect(try await browser.get("/proposals").status == .ok)
            let session = try await browser.get("/api/session")
            #expect(session.text.contains("\"role\":\"department\"") && session.text.contains("\"department\":\"jinji\""))
            let stale = browser.cookie
            try await browser.get("/proposals")
            #expect(try await browser.post("/logout").status == .seeOther)
            browser.cookie = stale
            #expect(try await browser.get("/proposals").status == .seeOther)
        }
    }

    @Test("secure_cookies marks the cookie Secure")
    func secureCookie() async throws {
        let fixture = try PortalFixture(settings: "portal:\n  secure_cookies: true")
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.headers[.setCookie]?.contains("; Secure") == true)
        }
    }

    @Test("Wrong passwords: the same answer for an unknown name; the fifth in a row locks the account for 15 minutes")
    func lockOut() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            let unknown = try await browser.signIn("nobody", password: "whatever-password")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.text.contains("アカウント名またはパスワードが違います。"))
            for attempt in 1...4 {
                let wrong = try await browser.signIn("jinji1", password: "wrong-password-\(attempt)")
                #expect(wrong.status == .unauthorized)
                #expect(wrong.text.contains("アカウント名またはパスワードが違います。"))
            }
            let fifth = try await browser.signIn("jinji1", password: "wrong-password-5")
            #expect(fifth.status == .tooManyRequests)
            #expect(fifth.text.contains("約15分間ロックされています"))
            // The right password does not get in while the lock lasts.
            let during = try await browser.signIn("jinji1")
            #expect(during.status == .tooManyRequests)
            var api = Browser(client)
            #expect(try await api.postJSON("/api/login", ["name": "jinji1", "password": PortalFixture.password]).status == .tooManyRequests)
            fixture.clock.advance(14 * 60)
            #expect(try await browser.signIn("jinji1").status == .tooManyRequests)
            fixture.clock.advance(61)
            #expect(try await browser.signIn("jinji1").status == .seeOther)
        }
        #expect(try fixture.services.store.account(named: "jinji1")?.failedLogins == 0)
    }

    @Test("Twenty refused sign-ins from one address within five minutes hold that address back, whatever the account")
    func throttle() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            for attempt in 1...20 {
                let refused = try await browser.signIn("guess\(attempt)", password: "wrong-password")
                #expect(refused.status == .unauthorized)
            }
            let held = try await browser.signIn("hr1")
            #expect(held.status == .tooManyRequests)
            #expect(held.text.contains("この端末からのログインを約5分間受け付けません"))
            fixture.clock.advance(5 * 60 + 1)
            #expect(try await browser.signIn("hr1").status == .seeOther)
        }
        // The account itself was never locked: the refusals were for other names.
        #expect(try fixture.services.store.account(named: "hr1")?.failedLogins == 0)
    }

    @Test("Disabling an account or changing its password ends its sessions at the next request")
    func sessionsEnd() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            var department = Browser(client)
            try await department.signIn("jinji1")
            #expect(try await department.get("/proposals").status == .ok)
            try fixture.services.accounts.setPassword(name: "jinji1", password: "another password")
            #expect(try await department.get("/proposals").status == .seeOther)
            try await department.signIn("jinji1", password: "another password")
            #expect(try await department.get("/proposals").status == .ok)
            try fixture.services.store.setDisabled(name: "jinji1", true)
            #expect(try await department.get("/proposals").status == .seeOther)
            #expect(try await department.signIn("jinji1", password: "another password").status == .unauthorized)
        }
    }

    @Test("A session ends after session_hours without a request")
    func idleExpiry() async throws {
        let fixture = try PortalFixture(settings: "portal:\n  session_hours: 1")
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("hr1")
            fixture.clock.advance(50 * 60)
            #expect(try await browser.get("/board").status == .ok)
            fixture.clock.advance(61 * 60)
            #expect(try await browser.get("/board").status == .seeOther)
        }
    }

    @Test("The API signs in with JSON only and returns the CSRF token for later writes")
    func apiLogin() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        let id = try fixture.proposal(in: "jinji")
        try await fixture.application.test(.router) { client in
            var api = Browser(client)
            #expect(try await api.post("/api/login", [("name", "jinji1"), ("password", PortalFixture.password)], csrf: false).status == .badRequest)
            let huge = try await api.postJSON("/api/login", ["name": "jinji1", "password": String(repeating: "x", count: 70_000)])
            #expect(huge.status == .contentTooLarge)
            let wrong = try await api.postJSON("/api/login", ["name": "jinji1", "password": "nope-nope-nope"])
            #expect(wrong.status == .unauthorized)
            let login = try await api.postJSON("/api/login", ["name": "jinji1", "password": PortalFixture.password])
            #expect(login.status == .ok)
            #expect(api.csrf?.count == 64)
            let answered = try await api.postJSON("/api/proposals/\(id)/answer", ["status": "検討中", "text": "検討します。", "publish": true])
            #expect(answered.status == .ok, "\(answered.text)")
            #expect(answered.text.contains("\"status\":\"検討中\""))
            let list = try await api.get("/api/proposals")
            let rows = try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [[String: Any]]
            #expect(rows?.map { $0["department"] as? String } == ["jinji"])
        }
    }

    @Test("The trusted proxy header signs in only when configured and only from a trusted address")
    func trustedHeader() async throws {
        let off = try PortalFixture()
        defer { off.remove() }
        try await off.application.test(.router) { client in
            let response = try await client.execute(uri: "/api/session", method: .get, headers: [HTTPField.Name("X-Remote-User")!: "admin1"])
            #expect(response.status == .unauthorized)
        }
        let on = try PortalFixture(settings: "portal:\n  trusted_header: X-Remote-User")
        defer { on.remove() }
        // Router tests have no peer address, so the header is not believed.
        try await on.application.test(.router) { client in
            let response = try await client.execute(uri: "/api/session", method: .get, headers: [HTTPField.Name("X-Remote-User")!: "admin1"])
            #expect(response.status == .unauthorized)
        }
        // Over a real connection from 127.0.0.1 it is.
        try await on.application.test(.live) { client in
            let response = try await client.execute(uri: "/api/session", method: .get, headers: [HTTPField.Name("X-Remote-User")!: "admin1"])
            #expect(response.status == .ok)
            #expect(response.text.contains("\"role\":\"admin\""))
            let unknown = try await client.execute(uri: "/api/session", method: .get, headers: [HTTPField.Name("X-Remote-User")!: "nobody"])
            #expect(unknown.status == .unauthorized)
        }
    }
}
