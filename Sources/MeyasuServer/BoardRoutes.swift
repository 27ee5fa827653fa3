import Foundation
import Hummingbird
import Meyasu

/// The board of published answers, for every signed-in account: no id, date, actor, draft or
/// note, as on the published HTML board.
struct BoardRoutes: Sendable {
    let services: PortalServices

    func register(on router: Router<PortalContext>) {
        router.get("/board") { request, context in try page(request, context) }
        router.get("/api/board") { request, context in try json(request, context) }
    }

    func answers(_ request: Request) throws -> (String?, [PublishedAnswer]) {
        let words = request.query.value("q")
        guard (words?.count ?? 0) <= 200 else { throw PortalError(.badRequest, "検索語は200文字までです。") }
        var answers = try services.store.publishedAnswers()
        if let words {
            let normalizer = TextNormalizer()
            let keys = ProposalSearch.words(words)
            answers = answers.filter { answer in
                let haystack = normalizer.key(answer.title + "\n" + answer.answer + "\n" + answer.texts.map(\.text).joined(separator: "\n"))
                return keys.allSatisfy { haystack.contains($0) }
            }
        }
        return (words, answers)
    }

    func page(_ request: Request, _ context: PortalContext) throws -> Response {
        _ = try context.require(.admin, .hr, .department, .staff)
        let (words, answers) = try self.answers(request)
        let organization = services.organization
        return services.pages.page("board", [
            "q": words ?? "", "count": answers.count,
            "answers": answers.map {
                ["title": $0.title, "departmentName": organization.name($0.department), "status": $0.status, "answer": $0.answer]
            },
        ], context: context)
    }

    func json(_ request: Request, _ context: PortalContext) throws -> Response {
        _ = try context.require(.admin, .hr, .department, .staff)
        let (_, answers) = try self.answers(request)
        return JSONBody.response(["answers": answers.map {
            ["title": $0.title, "department": $0.department, "status": $0.status, "answer": $0.answer]
        }])
    }
}
