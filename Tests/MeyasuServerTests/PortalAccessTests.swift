import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Meyasu
@testable import MeyasuServer
import Testing

/// Who may reach what: a department never reaches another department's proposals by any route,
/// anonymous requests are refused, each role sees only its pages, and every write needs the
/// session's CSRF token.
@Suite("Portal access rules", .serialized)
struct PortalAccessTests {
    @Test("A department account gets 404 for another department's proposal on every route, and never sees it in lists, searches or exports")
    func departmentIsolation() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        let mine = try fixture.proposal(in: "jinji")
        let theirs = try fixture.proposal(in: "shimin")
        let theirTitle = "住民票の写しの窓口の待ち時間"
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("jinji1")
            // Reads.
            for uri in ["/proposals/\(theirs)", "/api/proposals/\(theirs)"] {
                #expect(try await browser.get(uri).status == .notFound, "\(uri)")
            }
            // Lists, searches and exports, including when the address asks for the other queue.
            for uri in ["/proposals", "/proposals?department=shimin", "/proposals?q=%E4%BD%8F%E6%B0%91%E7%A5%A8",
                        "/proposals.csv", "/proposals.csv?department=shimin", "/api/proposals", "/api/proposals?department=shimin",
                        "/api/proposals?q=%E4%BD%8F%E6%B0%91%E7%A5%A8"] {
                let response = try await browser.get(uri)
                #expect(response.status == .ok, "\(uri)")
                #expect(!response.text.contains(theirTitle), "\(uri)")
                #expect(!response.text.contains("/proposals/\(theirs)\""), "\(uri)")
            }
            #expect(try await browser.get("/proposals").text.contains("/proposals/\(mine)\""))
            // Writes: answer, hand-over and note, by form and by API, all refused and nothing changed.
            for (uri, fields) in [("/proposals/\(theirs)/answer", [("text", "回答"), ("status", "検討中")]),
                                  ("/proposals/\(theirs)/assign", [("department", "jinji"), ("reason", "取り込む")]),
                                  ("/proposals/\(theirs)/notes", [("text", "メモ")])] {
                #expect(try await browser.post(uri, fields).status == .notFound, "\(uri)")
            }
            for (uri, body) in [("/api/proposals/\(theirs)/answer", ["text": "回答"] as [String: Any]),
                                ("/api/proposals/\(theirs)/assign", ["department": "jinji", "reason": "取り込む"]),
                                ("/api/proposals/\(theirs)/notes", ["text": "メモ"])] {
                try await browser.get("/api/session")
                #expect(try await browser.postJSON(uri, body).status == .notFound, "\(uri)")
            }
        }
        let state = try #require(try fixture.services.store.proposalState(id: theirs))
        #expect(state.department == "shimin" && state.status == "受付" && state.draftAnswer == nil)
        #expect(try fixture.services.store.proposalEvents(id: theirs).isEmpty)
    }

    @Test("Similar proposals in another department's queue are not listed to a department")
    func similarStaysInside() async throws {
        let fixture = try PortalFixture(rows: [
            "S1,2025/06/12 14:03:27,,研修報告書の提出を簡略化してほしい,階層別研修の研修報告書と資格取得助成の申請を簡単にしてほしい,人事課",
            "S2,2025/06/13 14:03:27,,研修報告書の提出を簡略化してほしい,階層別研修の研修報告書と資格取得助成の申請を簡単にしてほしい,人事課",
        ])
        defer { fixture.remove() }
        let ids = try fixture.services.store.proposals(ProposalFilter()).map(\.id).sorted()
        try fixture.services.workflow.assign(ids[1], to: "shimin", reason: "試験", as: .admin)
        try await fixture.application.test(.router) { client in
            var department = Browser(client)
            try await department.signIn("jinji1")
            let page = try await department.get("/proposals/\(ids[0])")
            #expect(page.status == .ok)
            #expect(!page.text.contains("/proposals/\(ids[1])\""))
            var admin = Browser(client)
            try await admin.signIn("admin1")
            #expect(try await admin.get("/proposals/\(ids[0])").text.contains("/proposals/\(ids[1])\""))
        }
    }

    @Test("Anonymous requests: the API answers 401, pages send the browser to /login")
    func anonymous() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        let id = try fixture.proposal(in: "jinji")
        try await fixture.application.test(.router) { client in
            for uri in ["/api/proposals", "/api/proposals/\(id)", "/api/board", "/api/survey/summary", "/api/session"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .unauthorized, "\(uri)")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            for uri in ["/proposals", "/proposals/\(id)", "/proposals.csv", "/board", "/survey", "/survey/download",
                        "/admin", "/admin/routing", "/admin/accounts", "/admin/imports/1", "/"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .seeOther, "\(uri)")
                #expect(response.headers[.location] == "/login", "\(uri)")
            }
        }
    }

    @Test("Each role reaches its own pages only", arguments: [
        ("jinji1", ["/proposals": 200, "/board": 200, "/survey": 403, "/admin": 403, "/admin/accounts": 403, "/api/survey/summary": 403]),
        ("hr1", ["/proposals": 403, "/board": 200, "/survey": 200, "/admin": 403, "/api/proposals": 403, "/proposals.csv": 403]),
        ("staff1", ["/proposals": 403, "/board": 200, "/api/board": 200, "/survey": 403, "/admin/routing": 403, "/api/proposals": 403]),
        ("admin1", ["/proposals": 200, "/board": 200, "/survey": 200, "/admin": 200, "/admin/routing": 200, "/admin/accounts": 200]),
    ] as [(String, [String: Int])])
    func roles(account: String, allowed: [String: Int]) async throws {
        let fixture = try PortalFixture(survey: true)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            let signedIn = try await browser.signIn(account)
            #expect(signedIn.status == .seeOther)
            for (uri, status) in allowed.sorted(by: { $0.key < $1.key }) {
                let response = try await browser.get(uri)
                #expect(response.status.code == status, "\(account) \(uri)")
            }
        }
    }

    @Test("Every write without the session's CSRF token is refused with 403 and changes nothing")
    func csrf() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        let id = try fixture.proposal(in: "jinji")
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("admin1")
            let writes: [(String, [(String, String)])] = [
                ("/proposals/\(id)/answer", [("text", "回答"), ("status", "検討中")]),
                ("/proposals/\(id)/assign", [("department", "shimin"), ("reason", "r")]),
                ("/proposals/\(id)/notes", [("text", "メモ")]),
                ("/admin/accounts", [("name", "new1"), ("role", "staff"), ("password", "0123456789abc")]),
                ("/admin/accounts/password", [("name", "jinji1"), ("password", "0123456789abc")]),
                ("/admin/accounts/2/disable", []),
                ("/logout", []),
            ]
            for (uri, fields) in writes {
                #expect(try await browser.post(uri, fields, csrf: false).status == .forbidden, "\(uri) without a token")
                #expect(try await browser.post(uri, fields + [("_csrf", String(repeating: "0", count: 64))], csrf: false).status == .forbidden,
                        "\(uri) with a wrong token")
            }
            // A token from another session does not do either.
            var other = Browser(client)
            try await other.signIn("jinji1")
            #expect(try await browser.post("/proposals/\(id)/notes", [("text", "x"), ("_csrf", other.csrf ?? "")], csrf: false).status == .forbidden)
            // The API: the header is required.
            try await browser.get("/api/session")
            #expect(try await browser.postJSON("/api/proposals/\(id)/notes", ["text": "メモ"], csrf: false).status == .forbidden)
            // The upload form too.
            browser.csrf = nil
            #expect(try await browser.upload("/admin/upload", fields: [("kind", "proposals")], file: ("x.csv", Array("a,b\r\n".utf8))).status == .forbidden)
            // And the sign-in form itself.
            var stranger = Browser(client)
            #expect(try await stranger.post("/login", [("name", "admin1"), ("password", PortalFixture.password)], csrf: false).status == .forbidden)
        }
        let state = try #require(try fixture.services.store.proposalState(id: id))
        #expect(state.department == "jinji" && state.status == "受付")
        #expect(try fixture.services.store.accounts().count == 5)
        #expect(try fixture.services.store.account(named: "jinji1")?.disabled == false)
    }
}
