import Foundation
import HTTPTypes
import Hummingbird
import Meyasu
import Mustache

/// The portal's pages: the Mustache templates shipped with the server (`Templates/`), rendered
/// into HTML responses. `{{name}}` escapes HTML; only the survey report, which escapes its own
/// texts, is inserted raw (`{{{report}}}`).
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let stylesheet: ByteBuffer
    let organization: Organization

    /// Loads the templates and the stylesheet from the module's resources.
    init(organization: Organization) throws {
        self.organization = organization
        guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
              let css = Bundle.module.url(forResource: "Static/portal", withExtension: "css")
                ?? Bundle.module.url(forResource: "portal", withExtension: "css", subdirectory: "Static") else {
            throw PortalError(.internal, "the portal's templates are missing from the installation; reinstall meyasu.")
        }
        var library = MustacheLibrary()
        let names = try FileManager.default.contentsOfDirectory(atPath: templates.path).filter { $0.hasSuffix(".mustache") }
        for name in names.sorted() {
            let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        self.library = library
        stylesheet = ByteBuffer(bytes: try Data(contentsOf: css))
    }

    /// The page `template` for `context`'s session with `values`, as a response.
    func page(_ template: String, _ values: [String: Any], context: PortalContext, status: HTTPResponse.Status = .ok,
              flash: String? = nil, error: String? = nil) -> Response {
        var all = values
        all["csrf"] = context.session?.csrfToken ?? ""
        if let account = context.account {
            all["account"] = layoutAccount(account, current: template)
        }
        if let flash { all["flash"] = flash }
        if let error { all["error"] = error }
        let html = library.render(all, withTemplate: template) ?? ""
        return Self.html(html, status: status)
    }

    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The header's account line and the menu its role may use.
    private func layoutAccount(_ account: Account, current: String) -> [String: Any] {
        var items: [(String, String, [String])] = []
        switch account.role {
        case .department: items = [("/proposals", "提案一覧", ["queue", "proposal"])]
        case .admin:
            items = [("/proposals", "提案一覧", ["queue", "proposal"]), ("/admin", "取り込み", ["admin", "import"]),
                     ("/admin/routing", "振り分けの修正", ["routing"]), ("/admin/accounts", "アカウント", ["accounts"]),
                     ("/survey", "アンケート集計", ["survey"])]
        case .hr: items = [("/survey", "アンケート集計", ["survey"])]
        case .staff: items = []
        }
        items.append(("/board", "回答の公開板", ["board"]))
        var line: [String: Any] = [
            "name": account.name,
            "roleLabel": account.role.label,
            "nav": items.map { ["href": $0.0, "label": $0.1, "current": $0.2.contains(current)] as [String: Any] },
        ]
        // Only when there is one: a nil boxed in Any is a value to Mustache, which prints "nil".
        if let department = account.department { line["departmentName"] = organization.name(department) }
        return line
    }
}
