import Foundation
import HTTPTypes
import Hummingbird
import Meyasu

/// A department's queue and its proposals, as pages and as the JSON API. A department account
/// sees and changes only the proposals assigned to it; another department's proposal answers
/// 404, as if it did not exist. Admin sees and changes every proposal.
struct ProposalRoutes: Sendable {
    let services: PortalServices
    static let pageSize = 50

    func register(on router: Router<PortalContext>) {
        router.get("/proposals") { request, context in try queuePage(request, context) }
        router.get("/proposals.csv") { request, context in try queueCSV(request, context) }
        router.get("/proposals/{id}") { request, context in try detailPage(request, context) }
        router.post("/proposals/{id}/answer") { request, context in try await answer(request, context, api: false) }
        router.post("/proposals/{id}/assign") { request, context in try await assign(request, context, api: false) }
        router.post("/proposals/{id}/notes") { request, context in try await note(request, context, api: false) }
        router.get("/api/proposals") { request, context in try queueJSON(request, context) }
        router.get("/api/proposals/{id}") { request, context in try detailJSON(request, context) }
        router.post("/api/proposals/{id}/answer") { request, context in try await answer(request, context, api: true) }
        router.post("/api/proposals/{id}/assign") { request, context in try await assign(request, context, api: true) }
        router.post("/api/proposals/{id}/notes") { request, context in try await note(request, context, api: true) }
    }

    // MARK: the queue

    /// The filter a request asks for, held to what the account may see.
    struct Query {
        var filter: ProposalFilter
        var page: Int
        var department: String?
        var status: String?
        var words: String?

        /// The query string that asks for the same list (page `page`, when given).
        func string(page: Int? = nil) -> String {
            var items: [URLQueryItem] = []
            if let department { items.append(URLQueryItem(name: "department", value: department)) }
            if let status { items.append(URLQueryItem(name: "status", value: status)) }
            if let words { items.append(URLQueryItem(name: "q", value: words)) }
            if let page, page > 1 { items.append(URLQueryItem(name: "page", value: String(page))) }
            var components = URLComponents()
            components.queryItems = items
            return components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? ""
        }
    }

    func query(_ request: Request, account: Account, paged: Bool) throws -> Query {
        let fields = request.query
        let status = fields.value("status")
        try services.workflow.checkStatus(status)
        var department = fields.value("department")
        if account.role == .department {
            // A department's queue is its own, whatever the address asks for.
            department = account.department
        } else {
            try services.workflow.checkDepartment(department)
        }
        var page = 1
        if let text = fields.value("page") {
            guard let number = Int(text), number >= 1, number <= 100_000 else {
                throw PortalError(.badRequest, "page は 1 から 100000 までの整数で指定してください。")
            }
            page = number
        }
        var size = Self.pageSize
        if let text = fields.value("per_page") {
            guard let number = Int(text), (1...500).contains(number) else {
                throw PortalError(.badRequest, "per_page は 1 から 500 の整数で指定してください。")
            }
            size = number
        }
        let words = fields.value("q")
        guard (words?.count ?? 0) <= 200 else { throw PortalError(.badRequest, "検索語は200文字までです。") }
        let filter = ProposalFilter(department: department, status: status, limit: paged ? size + 1 : nil,
                                    offset: paged ? (page - 1) * size : 0,
                                    words: words.map { ProposalSearch.words($0) } ?? [])
        return Query(filter: filter, page: page, department: account.role == .department ? nil : department,
                     status: status, words: words)
    }

    func queuePage(_ request: Request, _ context: PortalContext) throws -> Response {
        let (account, _) = try context.requireActor()
        var query = try self.query(request, account: account, paged: true)
        query.filter.includeChoices = false
        var proposals = try services.store.proposals(query.filter)
        let size = (query.filter.limit ?? Self.pageSize + 1) - 1
        let hasNext = proposals.count > size
        if hasNext { proposals.removeLast() }
        let organization = services.organization
        let heading = account.role == .department ? "\(organization.name(account.department ?? ""))の提案" : "すべての提案"
        let values: [String: Any] = [
            "heading": heading,
            "showDepartments": account.role == .admin,
            "departments": organization.options(selected: query.department),
            "statuses": services.workflow.rules.statuses.map { ["name": $0, "selected": $0 == query.status] as [String: Any] },
            "q": query.words ?? "",
            "query": query.string(),
            "hasProposals": !proposals.isEmpty,
            "rows": Self.rows(proposals, organization: organization),
            "page": query.page,
            "hasPrevious": query.page > 1,
            "previousQuery": query.string(page: query.page - 1),
            "hasNext": hasNext,
            "nextQuery": query.string(page: query.page + 1),
        ]
        var flash: String?
        if let moved = request.query.value("moved") { flash = "提案 \(moved) を引き継ぎました。" }
        return services.pages.page("queue", values, context: context, flash: flash)
    }

    /// The queue's table rows, escaped. Built here rather than by a Mustache section: the queue is
    /// the page every department opens, and looking up each row's values by reflection cost more
    /// than the query (Benchmarks/portal_wrk.sh).
    static func rows(_ proposals: [ProposalSummary], organization: Organization) -> String {
        var html = ""
        html.reserveCapacity(proposals.count * 320)
        for summary in proposals {
            let id = String(summary.id)
            html += "<tr><td class=\"num\">" + id + "</td><td>" + HTMLText.escape(summary.submittedOn)
                + "</td><td><a href=\"/proposals/" + id + "\">" + HTMLText.escape(summary.title) + "</a>"
                + (summary.hasAttachment ? " <span class=\"tag\">添付</span>" : "")
                + "</td><td>" + HTMLText.escape(organization.name(summary.department))
                + "</td><td><span class=\"status\">" + HTMLText.escape(summary.status) + "</span></td><td>"
                + answerLabel(summary.answer) + "</td></tr>\n"
        }
        return html
    }

    static func answerLabel(_ state: AnswerState) -> String {
        switch state {
        case .none: "未回答"
        case .draft: "下書き"
        case .published: "公開済"
        }
    }

    func queueCSV(_ request: Request, _ context: PortalContext) throws -> Response {
        let (account, _) = try context.requireActor()
        let query = try self.query(request, account: account, paged: false)
        let proposals = try services.store.proposals(query.filter)
        let csv = ProposalListRenderer(organization: services.organization).render(proposals, as: .csv)
        let name = account.department.map { "proposals-\($0).csv" } ?? "proposals.csv"
        return Download.response(csv, contentType: "text/csv; charset=utf-8", fileName: name, asciiName: name)
    }

    func queueJSON(_ request: Request, _ context: PortalContext) throws -> Response {
        let (account, _) = try context.requireActor()
        let query = try self.query(request, account: account, paged: true)
        var proposals = try services.store.proposals(query.filter)
        if let limit = query.filter.limit, proposals.count >= limit { proposals.removeLast() }
        return JSONBody.text(ProposalListRenderer(organization: services.organization).render(proposals, as: .json))
    }

    // MARK: one proposal

    /// Proposal `id` if `actor` may see it; otherwise the same 404 as for an id that does not exist.
    func visibleDetail(_ context: PortalContext, actor: WorkflowActor) throws -> ProposalDetail {
        let id = try proposalID(context)
        guard var detail = try services.store.proposal(id: id), actor.mayWork(on: detail.summary.department) else {
            throw PortalError(.notFound, "提案 \(id) は見つかりません。")
        }
        // Likely duplicates in another department's queue are that department's business.
        detail.similar = detail.similar.filter { actor.mayWork(on: $0.department) }
        return detail
    }

    func proposalID(_ context: PortalContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw PortalError(.notFound, "そのような提案番号はありません。")
        }
        return id
    }

    func detailPage(_ request: Request, _ context: PortalContext, error: String? = nil,
                    status: HTTPResponse.Status = .ok) throws -> Response {
        let (_, actor) = try context.requireActor()
        let detail = try visibleDetail(context, actor: actor)
        let notes = try services.workflow.notes(detail.summary.id, as: actor)
        var flash: String?
        switch request.query.value("saved") {
        case "answer": flash = "保存しました。"
        case "note": flash = "メモを追加しました。"
        default: break
        }
        return services.pages.page("proposal", detailValues(detail, notes: notes, actor: actor), context: context,
                                   status: status, flash: flash, error: error)
    }

    func detailValues(_ detail: ProposalDetail, notes: [ProposalNote], actor: WorkflowActor) -> [String: Any] {
        let organization = services.organization
        let summary = detail.summary
        let rules = services.workflow.rules
        var values: [String: Any] = [
            "id": summary.id, "title": summary.title, "submittedOn": summary.submittedOn,
            "departmentName": organization.name(summary.department), "status": summary.status,
            "hasAttachment": summary.hasAttachment,
            "choices": summary.choices.map { ["label": $0.label, "values": $0.values.joined(separator: "、")] },
            "texts": detail.texts.filter { !$0.text.isEmpty }.map { ["label": $0.label, "text": $0.text] },
            "mayWork": true,
            "nextStatuses": rules.transitions[summary.status] ?? [],
            "reasonStatuses": rules.reasonRequired.joined(separator: "・"),
            "departments": organization.options(excluding: summary.department),
            "notes": notes.map { ["at": $0.at, "text": $0.text] },
            "events": detail.events.map { ["at": $0.at, "actor": $0.actor == "admin" ? "管理者" : organization.name($0.actor),
                                           "what": Self.describe($0, organization: organization)] },
            "hasSimilar": !detail.similar.isEmpty,
            "similar": detail.similar.map {
                ["id": $0.id, "title": $0.title, "departmentName": organization.name($0.department), "status": $0.status,
                 "similarity": String(format: "%.2f", $0.similarity)] as [String: Any]
            },
        ]
        if let hint = detail.routingHint { values["routingHint"] = hint }
        if let answer = detail.publishedAnswer { values["publishedAnswer"] = answer }
        // A draft equal to the published text is not a pending change.
        if let draft = detail.draftAnswer, draft != detail.publishedAnswer { values["draftAnswer"] = draft }
        if let text = detail.draftAnswer ?? detail.publishedAnswer { values["editText"] = text }
        if let routing = detail.routing {
            let where_ = organization.name(routing.department)
            values["routing"] = [
                "summary": routing.confident
                    ? "受付時に\(where_)へ振り分けました（確信度 \(String(format: "%.0f", routing.confidence * 100))%）。"
                    : "確信度が低いため（\(String(format: "%.0f", routing.confidence * 100))%）\(where_)に回しました。",
                "candidates": routing.candidates.enumerated().map { index, candidate in
                    ["name": organization.name(candidate.department), "score": String(format: "%.2f", candidate.score),
                     "words": index == 0 ? routing.words.joined(separator: "、") : ""]
                },
            ] as [String: Any]
        }
        return values
    }

    /// One history event in words.
    static func describe(_ event: ProposalEvent, organization: Organization) -> String {
        switch event.kind {
        case "assigned":
            let from = event.fromDepartment.map { organization.name($0) } ?? "—"
            let to = event.toDepartment.map { organization.name($0) } ?? "—"
            return "\(from) から \(to) へ引き継ぎ" + (event.reason.map { "（理由: \($0)）" } ?? "")
        case "status":
            return "状態 \(event.fromStatus ?? "—") → \(event.toStatus ?? "—")" + (event.reason.map { "（理由: \($0)）" } ?? "")
        case "answer_drafted":
            return "回答を下書き"
        case "answer_published":
            return "回答を公開"
        case "note":
            return "メモを追加"
        default:
            if let to = event.toDepartment { return "\(organization.name(to)) へ" + (event.reason.map { "（\($0)）" } ?? "") }
            return event.kind
        }
    }

    func detailJSON(_ request: Request, _ context: PortalContext) throws -> Response {
        let (_, actor) = try context.requireActor()
        let detail = try visibleDetail(context, actor: actor)
        let notes = try services.workflow.notes(detail.summary.id, as: actor)
        return JSONBody.text(ProposalDetailRenderer(organization: services.organization).json(detail, notes: notes, showDrafts: true))
    }

    // MARK: changes

    /// The fields of a form post or of a JSON body.
    struct ChangeFields: Decodable, Sendable {
        var text: String?
        var status: String?
        var reason: String?
        var publish: Bool?
        var department: String?
        var back: String?
    }

    func fields(_ request: inout Request, _ context: PortalContext, api: Bool) async throws -> ChangeFields {
        if api {
            do {
                return try await request.decode(as: ChangeFields.self, context: context)
            } catch {
                throw PortalError(.badRequest, "the body must be a JSON object with text, status, reason, publish or department.")
            }
        }
        let form = try await request.formFields()
        return ChangeFields(text: form.value("text"), status: form.value("status"), reason: form.value("reason"),
                            publish: form.first("publish") != nil, department: form.value("department"),
                            back: form.value("back"))
    }

    /// One change to proposal `id` by the signed-in department (or admin), by form or API.
    /// `ProposalWorkflow` decides who may change what: another department's proposal is refused
    /// there as forbidden (mapped to 404), and the checks it makes before that depend only on the
    /// request, so they tell nothing about a proposal the account cannot see. A refusal of a form
    /// post is shown on the proposal's page.
    ///
    /// The change itself (`perform`) runs off the event loop, since a write waits for the
    /// database's write lock while an import holds it (`BlockingWork`).
    private func change(_ request: Request, _ context: PortalContext, api: Bool,
                        _ perform: @escaping @Sendable (Int64, WorkflowActor, ChangeFields) throws -> Response) async throws -> Response {
        var request = request
        let (_, actor) = try context.requireActor()
        let id = try proposalID(context)
        let fields = try await self.fields(&request, context, api: api)
        do {
            return try await BlockingWork.run { try perform(id, actor, fields) }
        } catch let error as WorkflowError where !api && ErrorMapping.status(error) == .badRequest {
            return try detailPage(request, context, error: ErrorMapping.message(error), status: .badRequest)
        }
    }

    func answer(_ request: Request, _ context: PortalContext, api: Bool) async throws -> Response {
        try await change(request, context, api: api) { id, actor, fields in
            let state = try services.workflow.update(id, status: fields.status, reason: fields.reason, answer: fields.text,
                                                     publish: fields.publish ?? false, as: actor)
            guard api else { return .redirect(to: "/proposals/\(id)?saved=answer", type: .normal) }
            return JSONBody.response(["id": state.id, "department": state.department, "status": state.status,
                                      "published_answer": state.publishedAnswer as Any, "draft_answer": state.draftAnswer as Any])
        }
    }

    func assign(_ request: Request, _ context: PortalContext, api: Bool) async throws -> Response {
        try await change(request, context, api: api) { id, actor, fields in
            guard let department = fields.department else {
                throw PortalError(.badRequest, "引き継ぎ先の所属を選んでください。")
            }
            let from = try services.workflow.assign(id, to: department, reason: fields.reason ?? "", as: actor)
            if api { return JSONBody.response(["id": id, "from": from, "department": department]) }
            if fields.back == "routing", actor == .admin { return .redirect(to: "/admin/routing?moved=\(id)", type: .normal) }
            return .redirect(to: "/proposals?moved=\(id)", type: .normal)
        }
    }

    func note(_ request: Request, _ context: PortalContext, api: Bool) async throws -> Response {
        try await change(request, context, api: api) { id, actor, fields in
            try services.workflow.addNote(id, text: fields.text ?? "", as: actor)
            if api { return JSONBody.response(["id": id], status: .created) }
            return .redirect(to: "/proposals/\(id)?saved=note", type: .normal)
        }
    }
}
