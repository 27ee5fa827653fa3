/// Renders a proposal's history (`meyasu proposals history`, and the history part of
/// `meyasu proposals show`) as a table, CSV for Excel or JSON (`schemas/proposal-history.schema.json`).
///
/// Drafts are the department's work in progress: their text is shown only when `showDrafts`
/// (the department itself or the scheme's office asks); a note's text is never in the history.
public struct ProposalHistoryRenderer {
    public let showDrafts: Bool

    public init(showDrafts: Bool) {
        self.showDrafts = showDrafts
    }

    /// What happened, in Japanese.
    public static func kindLabel(_ kind: String) -> String {
        switch kind {
        case "assigned": "移管"
        case "status": "状態変更"
        case "answer_drafted": "回答下書き"
        case "answer_published": "回答公開"
        case "note": "メモ追加"
        default: kind
        }
    }

    private func visibleText(_ event: ProposalEvent) -> String? {
        event.kind == "answer_drafted" && !showDrafts ? nil : event.text
    }

    /// One line per event: when, who, what, and its details.
    func line(_ event: ProposalEvent) -> String {
        var parts = [event.at, event.actor, Self.kindLabel(event.kind)]
        let move = [event.fromDepartment, event.toDepartment].compactMap { $0 }.joined(separator: " → ")
        if !move.isEmpty { parts.append(move) }
        if event.kind == "status" { parts.append([event.fromStatus, event.toStatus].compactMap { $0 }.joined(separator: " → ")) }
        if let reason = event.reason { parts.append("理由: \(reason)") }
        if let text = visibleText(event) { parts.append("「\(text)」") }
        return parts.joined(separator: "  ")
    }

    public func render(_ events: [ProposalEvent], as format: OutputFormat) -> String {
        switch format {
        case .table:
            return events.map(line).joined(separator: "\n") + (events.isEmpty ? "" : "\n") + "(\(events.count)件)\n"
        case .csv:
            var csv = ExcelCSV(headers: ["日時", "操作者", "操作", "移管元", "移管先", "変更前の状態", "変更後の状態", "理由", "回答"])
            for event in events {
                csv.append([event.at, event.actor, Self.kindLabel(event.kind), event.fromDepartment ?? "", event.toDepartment ?? "",
                            event.fromStatus ?? "", event.toStatus ?? "", event.reason ?? "", visibleText(event) ?? ""])
            }
            return csv.output
        case .json:
            return "[" + events.map(json).joined(separator: ",") + "]\n"
        }
    }

    /// One event as a JSON object.
    func json(_ event: ProposalEvent) -> String {
        func optional(_ value: String?) -> String { value.map(JSONText.quote) ?? "null" }
        return "{\"at\":\(JSONText.quote(event.at)),\"actor\":\(JSONText.quote(event.actor)),\"kind\":\(JSONText.quote(event.kind)),"
            + "\"from_department\":\(optional(event.fromDepartment)),\"to_department\":\(optional(event.toDepartment)),"
            + "\"from_status\":\(optional(event.fromStatus)),\"to_status\":\(optional(event.toStatus)),"
            + "\"reason\":\(optional(event.reason)),\"text\":\(optional(visibleText(event)))}"
    }
}
