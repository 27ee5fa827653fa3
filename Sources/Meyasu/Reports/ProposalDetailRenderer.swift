/// Renders one proposal for reading: the display form of every field, labelled as on the form.
public struct ProposalDetailRenderer {
    public let organization: Organization

    public init(organization: Organization) {
        self.organization = organization
    }

    /// Plain text for the terminal.
    /// - Parameters:
    ///   - notes: the asking department's own private notes, when it asked (`--as`).
    ///   - showDrafts: whether the draft answer is shown (the department itself or admin).
    public func text(_ detail: ProposalDetail, notes: [ProposalNote]? = nil, showDrafts: Bool = false) -> String {
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
        if let answer = detail.publishedAnswer {
            lines.append("")
            lines.append("【回答】（公開）")
            lines.append(answer)
        }
        if showDrafts, let draft = detail.draftAnswer, draft != detail.publishedAnswer {
            lines.append("")
            lines.append("【回答の下書き】（未公開）")
            lines.append(draft)
        }
        if !detail.similar.isEmpty {
            lines.append("")
            lines.append("【類似の提案】")
            for other in detail.similar {
                let section = organization.department(other.department)?.section ?? other.department
                lines.append("提案 \(other.id)  \(other.title)  \(section)  \(other.status)\(other.answered ? "  回答公開済" : "")  類似度 \(Self.percent(other.similarity))")
            }
        }
        if let notes, !notes.isEmpty {
            lines.append("")
            lines.append("【メモ】（この所属のみ）")
            for note in notes { lines.append("\(note.at)  \(note.actor)  \(note.text)") }
        }
        if !detail.events.isEmpty {
            lines.append("")
            lines.append("【履歴】")
            let history = ProposalHistoryRenderer(showDrafts: showDrafts)
            for event in detail.events { lines.append(history.line(event)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func percent(_ value: Double) -> String {
        "\(Int((value * 100).rounded()))%"
    }

    /// JSON (`schemas/proposal-detail.schema.json`).
    public func json(_ detail: ProposalDetail, notes: [ProposalNote]? = nil, showDrafts: Bool = false) -> String {
        let summary = detail.summary
        let section = organization.department(summary.department)?.section ?? summary.department
        let texts = detail.texts.map { field in
            "{\"field\":\(JSONText.quote(field.field)),\"label\":\(JSONText.quote(field.label)),\"text\":\(JSONText.quote(field.text))}"
        }.joined(separator: ",")
        let routing = detail.routing.map { String(decoding: $0.columnJSON(), as: UTF8.self) } ?? "null"
        let history = ProposalHistoryRenderer(showDrafts: showDrafts)
        let events = detail.events.map(history.json).joined(separator: ",")
        let similar = detail.similar.map { other in
            "{\"id\":\(other.id),\"title\":\(JSONText.quote(other.title)),\"department\":\(JSONText.quote(other.department)),"
                + "\"status\":\(JSONText.quote(other.status)),\"similarity\":\(Double(Int((other.similarity * 1000).rounded())) / 1000),"
                + "\"answered\":\(other.answered)}"
        }.joined(separator: ",")
        let draft = showDrafts ? detail.draftAnswer.map(JSONText.quote) ?? "null" : "null"
        let noteItems = notes.map { list in
            "[" + list.map { "{\"at\":\(JSONText.quote($0.at)),\"actor\":\(JSONText.quote($0.actor)),\"text\":\(JSONText.quote($0.text))}" }
                .joined(separator: ",") + "]"
        } ?? "null"
        return "{" + ProposalListRenderer.summaryMembers(summary, section: section)
            + ",\"routing_hint\":\(detail.routingHint.map(JSONText.quote) ?? "null"),\"texts\":[\(texts)]"
            + ",\"routing\":\(routing),\"history\":[\(events)]"
            + ",\"published_answer\":\(detail.publishedAnswer.map(JSONText.quote) ?? "null"),\"draft_answer\":\(draft)"
            + ",\"similar\":[\(similar)],\"notes\":\(noteItems)}\n"
    }
}
