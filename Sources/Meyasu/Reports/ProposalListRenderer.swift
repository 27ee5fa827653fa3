/// Output formats of lists and reports.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    case table, csv, json
}

/// Renders a list of proposals as a terminal table, CSV for Excel or JSON
/// (`schemas/proposals-list.schema.json`).
public struct ProposalListRenderer {
    public let organization: Organization

    public init(organization: Organization) {
        self.organization = organization
    }

    public func render(_ proposals: [ProposalSummary], as format: OutputFormat) -> String {
        switch format {
        case .table: table(proposals)
        case .csv: csv(proposals)
        case .json: json(proposals)
        }
    }

    private func sectionName(_ code: String) -> String {
        organization.department(code)?.section ?? code
    }

    private func categories(_ proposal: ProposalSummary) -> [String] {
        proposal.choices.flatMap(\.values)
    }

    func table(_ proposals: [ProposalSummary]) -> String {
        var table = TextTable(headers: ["ID", "受付日", "所属", "状態", "回答", "件名"], maxWidths: [nil, nil, 16, nil, nil, 60])
        for proposal in proposals {
            table.rows.append([String(proposal.id), proposal.submittedOn, sectionName(proposal.department),
                               proposal.status, Self.answerLabel(proposal.answer), proposal.title])
        }
        return table.render() + "(\(proposals.count)件)\n"
    }

    func csv(_ proposals: [ProposalSummary]) -> String {
        // 回答 comes last so that sheets built on the earlier columns keep working.
        var csv = ExcelCSV(headers: ["ID", "受付日", "所属コード", "所属", "状態", "件名", "分類", "添付", "回答"])
        for proposal in proposals {
            csv.append([String(proposal.id), proposal.submittedOn, proposal.department, sectionName(proposal.department),
                        proposal.status, proposal.title, categories(proposal).joined(separator: "、"),
                        proposal.hasAttachment ? "あり" : "", Self.answerLabel(proposal.answer)])
        }
        return csv.output
    }

    func json(_ proposals: [ProposalSummary]) -> String {
        if proposals.isEmpty { return "[]\n" }
        let items = proposals.map { "  {" + Self.summaryMembers($0, section: sectionName($0.department)) + "}" }
        return "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }

    /// The JSON members every proposal output shares (list and detail), in a stable order.
    static func summaryMembers(_ proposal: ProposalSummary, section: String) -> String {
        let choices = proposal.choices.map { "\(JSONText.quote($0.field)):\(JSONText.array($0.values))" }.joined(separator: ",")
        return "\"id\":\(proposal.id),\"title\":\(JSONText.quote(proposal.title)),"
            + "\"department\":\(JSONText.quote(proposal.department)),"
            + "\"department_name\":\(JSONText.quote(section)),"
            + "\"status\":\(JSONText.quote(proposal.status)),"
            + "\"submitted_on\":\(JSONText.quote(proposal.submittedOn)),"
            + "\"choices\":{\(choices)},\"has_attachment\":\(proposal.hasAttachment),"
            + "\"answer\":\(JSONText.quote(proposal.answer.rawValue))"
    }

    /// 回答 as lists show it: 公開 (published), 下書き (drafted) or empty.
    static func answerLabel(_ state: AnswerState) -> String {
        switch state {
        case .none: ""
        case .draft: "下書き"
        case .published: "公開"
        }
    }
}
