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
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON (`schemas/proposal-detail.schema.json`).
    public func json(_ detail: ProposalDetail) -> String {
        let summary = detail.summary
        let section = organization.department(summary.department)?.section ?? summary.department
        let texts = detail.texts.map { field in
            "{\"field\":\(JSONText.quote(field.field)),\"label\":\(JSONText.quote(field.label)),\"text\":\(JSONText.quote(field.text))}"
        }.joined(separator: ",")
        return "{" + ProposalListRenderer.summaryMembers(summary, section: section)
            + ",\"routing_hint\":\(detail.routingHint.map(JSONText.quote) ?? "null"),\"texts\":[\(texts)]}\n"
    }
}
