import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Meyasu

/// The scheme office's pages: uploading an export (the same pipeline and messages as `meyasu
/// import`), the import history with its row problems, routing corrections and accounts.
struct AdminRoutes: Sendable {
    let services: PortalServices

    func register(on router: Router<PortalContext>) {
        router.get("/admin") { _, context in try importsPage(context) }
        router.post("/admin/upload") { request, context in try await upload(request, context) }
        router.get("/admin/imports/{id}") { _, context in try importPage(context) }
        router.get("/admin/routing") { request, context in try routingPage(request, context) }
        router.get("/admin/accounts") { _, context in try accountsPage(context) }
        router.post("/admin/accounts") { request, context in try await addAccount(request, context) }
        router.post("/admin/accounts/password") { request, context in try await resetPassword(request, context) }
        router.post("/admin/accounts/{id}/disable") { _, context in try await toggle(context, disable: true) }
        router.post("/admin/accounts/{id}/enable") { _, context in try await toggle(context, disable: false) }
    }

    // MARK: imports

    func importsPage(_ context: PortalContext, report: String? = nil, error: String? = nil,
                     status: HTTPResponse.Status = .ok) throws -> Response {
        _ = try context.require(.admin)
        let batches = try services.store.importBatches(limit: 100)
        var values: [String: Any] = [
            "limit": services.settings.uploadLimitMB,
            "hasBatches": !batches.isEmpty,
            "batches": batches.map(Self.batchValues),
        ]
        if let report { values["report"] = report }
        return services.pages.page("admin", values, context: context, status: status, error: error)
    }

    static func batchValues(_ batch: ImportBatch) -> [String: Any] {
        ["id": batch.id, "kind": batch.kind == "survey" ? "職員アンケート" : "業務改善提案", "fileName": batch.fileName,
         "encoding": batch.encoding, "profile": batch.profile,
         "startedAt": Self.stamp(batch.startedAt), "finishedAt": Self.stamp(batch.finishedAt),
         "rowsRead": batch.counts.rowsRead, "imported": batch.counts.imported,
         "alreadyPresent": batch.counts.alreadyPresent, "conflicts": batch.counts.conflicts, "badRows": batch.counts.badRows]
    }

    /// As stored (UTC), with the T and Z of ISO 8601 left out for people.
    static func stamp(_ date: Date) -> String {
        String(Timestamp.iso(date).dropLast(4).replacingOccurrences(of: "T", with: " "))
    }

    func importPage(_ context: PortalContext) throws -> Response {
        _ = try context.require(.admin)
        guard let text = context.parameters.get("id"), let id = Int64(text),
              let batch = try services.store.importBatch(id: id) else {
            throw PortalError(.notFound, "その取り込みはありません。")
        }
        var values = Self.batchValues(batch)
        values["problems"] = try services.store.rowProblems(batch: id).map { $0.sentence(file: batch.fileName) }
        return services.pages.page("import", values, context: context)
    }

    /// Runs an uploaded export through the import pipeline, off the event loop (an import takes
    /// seconds; `BlockingWork`).
    func upload(_ request: Request, _ context: PortalContext) async throws -> Response {
        _ = try context.require(.admin)
        let limit = services.settings.uploadLimitMB * 1024 * 1024
        guard let form = context.multipart else {
            throw PortalError(.badRequest, "the upload must be sent by the form (multipart/form-data).")
        }
        guard let file = form.part("file"), file.body.readableBytes > 0 else {
            return try importsPage(context, error: "ファイルを選んでください。", status: .badRequest)
        }
        guard file.body.readableBytes <= limit else {
            throw PortalError(.tooLarge, "the file is larger than the portal takes (\(services.settings.uploadLimitMB) MB, portal.upload_limit_mb).")
        }
        let kind = form.text("kind") ?? "proposals"
        guard kind == "proposals" || kind == "survey" else {
            throw PortalError(.badRequest, "フォームの種類は proposals か survey です。")
        }
        let dryRun = form.text("dry_run") != nil
        let name = Self.safeFileName(file.fileName)
        let bytes = Data(buffer: file.body)
        let report: FileImportReport
        do {
            report = try await BlockingWork.run { [services] in
                try Self.runImport(bytes, name: name, kind: kind, dryRun: dryRun, services: services)
            }
        } catch let error as ConfigError {
            return try importsPage(context, error: error.message, status: .internalServerError)
        }
        var text = ImportReportText.render(report)
        if let error = report.error { text += error + "\n" }
        services.logger.info("upload imported", metadata: [
            "meyasu.upload.kind": "\(kind)", "meyasu.upload.status": "\(report.status.rawValue)",
            "meyasu.batch.id": "\(report.batchID.map(String.init) ?? "none")",
        ])
        let status: HTTPResponse.Status = report.status == .rejected ? .unprocessableContent : .ok
        return try importsPage(context, report: text, status: status)
    }

    /// The upload's base name in ASCII-safe characters (it appears in reports and the history).
    static func safeFileName(_ name: String?) -> String {
        let base = (name ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.prefix(120))
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "upload.csv" : cleaned
    }

    /// Writes the upload to a private temporary folder, imports it, and removes it.
    static func runImport(_ bytes: Data, name: String, kind: String, dryRun: Bool,
                          services: PortalServices) throws -> FileImportReport {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("meyasu-upload-\(SessionStore.randomToken().prefix(16))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw PortalError(.internal, "the upload could not be written to the temporary folder.")
        }
        let space = services.workspace
        let tools = try space.importTools(store: services.store, dryRun: dryRun)
        let logger = services.logger
        if kind == "survey" {
            return try space.surveyImporter(tools, logger: logger).importFile(at: path, options: .init(dryRun: dryRun))
        }
        let report = try space.proposalImporter(tools, logger: logger).importFile(at: path, options: .init(dryRun: dryRun))
        // As `meyasu import proposals` does: the search index and the similar-proposal links catch
        // up now, on this thread, rather than in the first search a department makes. A failure
        // here leaves it to that search; the file is committed either way.
        if report.status == .imported { _ = try? services.store.catchUpDerivedData() }
        return report
    }

    // MARK: routing corrections

    func routingPage(_ request: Request, _ context: PortalContext) throws -> Response {
        _ = try context.require(.admin)
        let organization = services.organization
        let triage = organization.triage
        let proposals = try services.store.proposals(ProposalFilter(department: triage, limit: 100))
        var values: [String: Any] = ["triageName": organization.name(triage), "departments": organization.options(excluding: triage)]
        var rows: [[String: Any]] = []
        for summary in proposals {
            let detail = try services.store.proposal(id: summary.id)
            let candidates = detail?.routing?.candidates.map { "\(organization.name($0.department)) \(String(format: "%.2f", $0.score))" } ?? []
            rows.append(["id": summary.id, "title": summary.title, "submittedOn": summary.submittedOn,
                         "candidates": candidates.isEmpty ? "—" : candidates.joined(separator: "、")])
        }
        values["proposals"] = rows
        let flash = request.query.value("moved").map { "提案 \($0) を引き継ぎました。" }
        return services.pages.page("routing", values, context: context, flash: flash)
    }

    // MARK: accounts

    func accountsPage(_ context: PortalContext, flash: String? = nil, error: String? = nil,
                      status: HTTPResponse.Status = .ok) throws -> Response {
        let me = try context.require(.admin)
        let organization = services.organization
        let now = services.clock()
        let accounts = try services.store.accounts()
        return services.pages.page("accounts", [
            "accounts": accounts.map { account -> [String: Any] in
                let state = account.disabled ? "無効" : account.isLocked(at: now) ? "ロック中" : "有効"
                return ["id": account.id, "name": account.name, "roleLabel": account.role.label,
                        "departmentName": account.department.map { organization.name($0) } ?? "",
                        "state": state,
                        "toggleAction": account.disabled ? "enable" : "disable",
                        "canToggle": account.id != me.id,
                        "toggleLabel": account.disabled ? "有効にする" : "無効にする"]
            },
            "roles": AccountRole.allCases.map { ["value": $0.rawValue, "label": $0.label] },
            "departments": organization.options(),
            "minimum": AccountService.minimumPasswordLength,
        ], context: context, status: status, flash: flash, error: error)
    }

    func addAccount(_ request: Request, _ context: PortalContext) async throws -> Response {
        _ = try context.require(.admin)
        var request = request
        let form = try await request.formFields()
        guard let roleText = form.value("role"), let role = AccountRole(rawValue: roleText) else {
            return try accountsPage(context, error: "役割を選んでください。", status: .badRequest)
        }
        let name = form.value("name") ?? "", department = role == .department ? form.value("department") : nil
        let password = form.first("password") ?? ""
        do {
            let account = try await BlockingWork.run { [services] in
                try services.accounts.add(name: name, role: role, department: department, password: password)
            }
            return try accountsPage(context, flash: "アカウント \(account.name) を追加しました。")
        } catch let error as AccountError {
            return try accountsPage(context, error: ErrorMapping.message(error), status: .badRequest)
        }
    }

    func resetPassword(_ request: Request, _ context: PortalContext) async throws -> Response {
        _ = try context.require(.admin)
        var request = request
        let form = try await request.formFields()
        let name = form.value("name") ?? ""
        let password = form.first("password") ?? ""
        do {
            try await BlockingWork.run { [services] in
                try services.accounts.setPassword(name: name, password: password)
                if let account = try services.store.account(named: name) { services.sessions.destroyAll(account: account.id) }
            }
            return try accountsPage(context, flash: "\(name) のパスワードを再設定しました。")
        } catch let error as AccountError {
            return try accountsPage(context, error: ErrorMapping.message(error), status: .badRequest)
        }
    }

    func toggle(_ context: PortalContext, disable: Bool) async throws -> Response {
        let me = try context.require(.admin)
        guard let text = context.parameters.get("id"), let id = Int64(text), let account = try services.store.account(id: id) else {
            throw PortalError(.notFound, "そのアカウントはありません。")
        }
        if disable && account.id == me.id {
            return try accountsPage(context, error: "自分のアカウントは無効にできません。", status: .badRequest)
        }
        try await BlockingWork.run { [services] in
            try services.store.setDisabled(name: account.name, disable)
            if disable { services.sessions.destroyAll(account: account.id) }
        }
        return try accountsPage(context, flash: "\(account.name) を\(disable ? "無効" : "有効")にしました。")
    }
}
