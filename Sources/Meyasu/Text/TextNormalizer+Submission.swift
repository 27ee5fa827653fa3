extension TextNormalizer {
    /// The Text stage of the import: every free-text field of `submission` gets its display
    /// form (replacing the text as read) and its key form. Runs after the content hash, which is
    /// taken over the text as read, so a better normaliser never turns stored responses into
    /// conflicts.
    public func normalizeFields(of submission: inout ProposalSubmission, buffers: inout Buffers) {
        submission.titleKey = form(submission.title, .key, &buffers)
        submission.title = form(submission.title, .display, &buffers)
        for index in submission.texts.indices {
            let text = submission.texts[index].text
            submission.texts[index].key = form(text, .key, &buffers)
            submission.texts[index].text = form(text, .display, &buffers)
        }
        if let hint = submission.routingHint {
            submission.routingHintKey = form(hint, .key, &buffers)
            submission.routingHint = form(hint, .display, &buffers)
        }
    }

    private func form(_ text: String, _ mode: Mode, _ buffers: inout Buffers) -> String {
        if text.isEmpty { return text }
        var text = text
        text.withUTF8 { normalize(utf8: $0, mode: mode, into: &buffers) }
        return String(decoding: buffers.output, as: UTF8.self)
    }
}
