/// Renders `meyasu proposals stale`: the proposals without a published answer submitted more
/// than N days ago, department by department (`schemas/proposals-stale.schema.json`).
public struct StaleRenderer {
    public let organization: Organization
    /// The day the ages are counted to (YYYY-MM-DD) and the threshold in days.
    public let asOf: CivilDate
    public let days: Int

    public init(organization: Organization, asOf: CivilDate, days: Int) {
        self.organization = organization
        self.asOf = asOf
        self.days = days
    }

    private func section(_ code: String) -> String { organization.department(code)?.section ?? code }

    private func age(_ proposal: ProposalSummary) -> Int {
        guard let date = CivilDate(iso: proposal.submittedOn) else { return 0 }
        return asOf.dayNumber - date.dayNumber
    }

    /// The proposals grouped by department, in the order given (by department, oldest first).
    private func groups(_ proposals: [ProposalSummary]) -> [(String, [ProposalSummary])] {
        var groups: [(String, [ProposalSummary])] = []
        for proposal in proposals {
            if groups.last?.0 == proposal.department { groups[groups.count - 1].1.append(proposal) } else { groups.append((proposal.department, [proposal])) }
        }
        return groups
    }

    public func render(_ proposals: [ProposalSummary], as format: OutputFormat) -> String {
        switch format {
        case .table:
            var out = "\(asOf.iso) 時点で受付から\(days)日を超えて回答が公開されていない提案: \(proposals.count)件\n"
            for (department, items) in groups(proposals) {
                out += "\n\(section(department)) (\(department))  \(items.count)件  最長 \(items.map(age).max() ?? 0)日\n"
                var table = TextTable(headers: ["ID", "受付日", "経過日数", "状態", "回答", "件名"], maxWidths: [nil, nil, nil, nil, nil, 60])
                for item in items {
                    table.rows.append([String(item.id), item.submittedOn, String(age(item)), item.status,
                                       ProposalListRenderer.answerLabel(item.answer), item.title])
                }
                out += table.render()
            }
            return out
        case .csv:
            var csv = ExcelCSV(headers: ["所属コード", "所属", "ID", "受付日", "経過日数", "状態", "回答", "件名"])
            for item in proposals {
                csv.append([item.department, section(item.department), String(item.id), item.submittedOn, String(age(item)),
                            item.status, ProposalListRenderer.answerLabel(item.answer), item.title])
            }
            return csv.output
        case .json:
            let departments = groups(proposals).map { department, items in
                let list = items.map { "{" + ProposalListRenderer.summaryMembers($0, section: section(department)) + ",\"days\":\(age($0))}" }
                return "{\"department\":\(JSONText.quote(department)),\"department_name\":\(JSONText.quote(section(department))),"
                    + "\"count\":\(items.count),\"proposals\":[\(list.joined(separator: ","))]}"
            }
            return "{\"as_of\":\"\(asOf.iso)\",\"days\":\(days),\"count\":\(proposals.count),\"departments\":[\(departments.joined(separator: ","))]}\n"
        }
    }
}
