extension TextNormalizer {
    /// The Text stage of the import, first half: every free-text field of `submission` is
    /// replaced by its display form. Runs after the content hash, which is taken over the text
    /// as read, so a better normaliser never turns stored responses into conflicts.
    public func displayFields(of submission: inout ProposalSubmission, buffers: inout Buffers) {
        submission.title = form(submission.title, .display, &buffers)
        for index in submission.texts.indices {
            submission.texts[index].text = form(submission.texts[index].text, .display, &buffers)
        }
        if let hint = submission.routingHint { submission.routingHint = form(hint, .display, &buffers) }
    }

    /// Second half: the key form of every field, from its display form (the key of the display
    /// form is the key of the text: tested), so the halves may run on different threads.
    public func keyFields(of submission: inout ProposalSubmission, buffers: inout Buffers) {
        submission.titleKey = form(submission.title, .key, &buffers)
        var body: [UInt8] = []
        body.reserveCapacity(submission.texts.reduce(0) { $0 + $1.text.utf8.count + 1 })
        for (index, field) in submission.texts.enumerated() {
            if index > 0 { body.append(0x0A) }
            var text = field.text
            if text.isEmpty { continue }
            text.withUTF8 { normalize(utf8: $0, mode: .key, into: &buffers) }
            body.append(contentsOf: buffers.output)
        }
        submission.bodyKey = String(decoding: body, as: UTF8.self)
        submission.routingHintKey = submission.routingHint.map { form($0, .key, &buffers) }
    }

    /// Both halves: display and key forms of every field.
    public func normalizeFields(of submission: inout ProposalSubmission, buffers: inout Buffers) {
        displayFields(of: &submission, buffers: &buffers)
        keyFields(of: &submission, buffers: &buffers)
    }

    private func form(_ text: String, _ mode: Mode, _ buffers: inout Buffers) -> String {
        if text.isEmpty { return text }
        var text = text
        text.withUTF8 { normalize(utf8: $0, mode: mode, into: &buffers) }
        return String(decoding: buffers.output, as: UTF8.self)
    }
}
