import Meyasu

extension PortalContext {
    /// The signed-in account if its role is one of `roles`.
    /// - Throws: `PortalError(.unauthorized)` when nobody is signed in, `.forbidden` for another role.
    func require(_ roles: AccountRole...) throws -> Account {
        guard let account else {
            throw PortalError(.unauthorized, "sign in first (POST /api/login or the page /login).")
        }
        guard roles.contains(account.role) else {
            throw PortalError(.forbidden, "このページはこのアカウントの役割（\(account.role.label)）では使えません。")
        }
        return account
    }

    /// The account as the workflow's actor (a department, or admin).
    func requireActor() throws -> (Account, WorkflowActor) {
        let account = try require(.department, .admin)
        guard let actor = account.workflowActor else {
            throw PortalError(.forbidden, "このアカウントには所属が設定されていません。管理者に連絡してください。")
        }
        return (account, actor)
    }
}

extension Organization {
    /// A department's name for pages (its 課), or the code when it is not (or no longer) known.
    func name(_ code: String) -> String {
        department(code)?.section ?? code
    }

    /// Every department as `code`/`name` for a select, with `selected` on the given one.
    func options(selected: String? = nil, excluding: String? = nil) -> [[String: Any]] {
        departments.filter { $0.code != excluding }.map {
            ["code": $0.code, "name": "\($0.section)（\($0.bureau)）", "selected": $0.code == selected]
        }
    }
}
