/// Renders one proposal for reading: the display form of every field, labelled as on the form.
public struct ProposalDetailRenderer {
    public let organization: Organization

    public init(organization: Organization) {
        self.organization = organization
    }

    /// Plain text for the terminal.
    public func text(_ detail: ProposalDetail) -> String {
        let summary = detail.summary
        let department = organization.department(summary.department)
        var lines = [
            "提案 \(summary.id)  \(summary.title)",
            "受付日: \(summary.submittedOn)   所属: \(department.map { "\($0.section) (\($0.code))" } ?? summary.department)   状態: \(summary.status)",
        ]
        for choice in summary.choices where !choice.values.isEmpty {
            lines.append("\(choice.label): \(choice.values.joined(separator: "、"))")
        }
        if let hint = detail.routingHint { lines.append("関係する所属（提案者の記入）: \(hint)") }
        if summary.hasAttachment { lines.append("添付ファイル: あり（ファイル名は保存していません）") }
        for field in detail.texts where !field.text.isEmpty {
            lines.append("")
            lines.append("【\(field.label)】")
            lines.append(field.text)
        }
        if let routing = detail.routing {
            lines.append("")
            lines.append("【振り分け】" + (routing.confident
                ? "\(routing.department) へ自動振り分け（確信度 \(Self.percent(routing.confidence))）"
                : "確信度が低いため \(routing.department)（振り分け担当）へ"))
            let candidates = routing.candidates.map { "\(organization.department($0.department)?.section ?? $0.department) \(Self.percent($0.score))" }
            lines.append("候補: " + candidates.joined(separator: " / "))
            if !routing.words.isEmpty { lines.append("決め手: " + routing.words.joined(separator: "、")) }
        }
        if !detail.events.isEmpty {
            lines.append("")
            lines.append("【履歴】")
            for event in detail.events {
                let move = [event.fromDepartment, event.toDepartment].compactMap { $0 }.joined(separator: " → ")
                lines.append("\(event.at)  \(event.actor)  \(event.kind == "assigned" ? "移管" : event.kind) \(move)"
                             + (event.reason.map { "  理由: \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func percent(_ value: Double) -> String {
        "\(Int((value * 100).rounded()))%"
    }

    /// JSON (`schemas/proposal-detail.schema.json`).
    public func json(_ detail: ProposalDetail) -> String {
        let summary = detail.summary
        let section = organization.department(summary.department)?.section ?? summary.department
        let texts = detail.texts.map { field in
            "{\"field\":\(JSONText.quote(field.field)),\"label\":\(JSONText.quote(field.label)),\"text\":\(JSONText.quote(field.text))}"
        }.joined(separator: ",")
        let routing = detail.routing.map { String(decoding: $0.columnJSON(), as: UTF8.self) } ?? "null"
        let events = detail.events.map { event in
            "{\"at\":\(JSONText.quote(event.at)),\"actor\":\(JSONText.quote(event.actor)),\"kind\":\(JSONText.quote(event.kind)),"
                + "\"from_department\":\(event.fromDepartment.map(JSONText.quote) ?? "null"),"
                + "\"to_department\":\(event.toDepartment.map(JSONText.quote) ?? "null"),"
                + "\"reason\":\(event.reason.map(JSONText.quote) ?? "null")}"
        }.joined(separator: ",")
        return "{" + ProposalListRenderer.summaryMembers(summary, section: section)
            + ",\"routing_hint\":\(detail.routingHint.map(JSONText.quote) ?? "null"),\"texts\":[\(texts)]"
            + ",\"routing\":\(routing),\"history\":[\(events)]}\n"
    }
}
