import Foundation

extension RoutingDecision {
    /// The `proposal.routing` column: JSON written by hand (JSONEncoder costs more per row than
    /// routing does), with scores rounded to four decimals.
    func columnJSON() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        func number(_ value: Double) {
            let rounded = (value * 10000).rounded() / 10000
            out.append(contentsOf: "\(rounded)".utf8)
        }
        out.append(contentsOf: #"{"department":"#.utf8)
        JSONText.appendQuoted(department, to: &out)
        out.append(contentsOf: #","confidence":"#.utf8)
        number(confidence)
        out.append(contentsOf: (confident ? #","confident":true"# : #","confident":false"#).utf8)
        out.append(contentsOf: #","candidates":["#.utf8)
        for (index, candidate) in candidates.enumerated() {
            if index > 0 { out.append(0x2C) }
            out.append(contentsOf: #"{"department":"#.utf8)
            JSONText.appendQuoted(candidate.department, to: &out)
            out.append(contentsOf: #","score":"#.utf8)
            number(candidate.score)
            out.append(0x7D)
        }
        out.append(contentsOf: #"],"words":["#.utf8)
        for (index, word) in words.enumerated() {
            if index > 0 { out.append(0x2C) }
            JSONText.appendQuoted(word, to: &out)
        }
        out.append(contentsOf: (hintAgreed ? #"],"hint_agreed":true}"# : #"],"hint_agreed":false}"#).utf8)
        return out
    }

    /// Reads the column back; nil for proposals stored before routing existed.
    static func fromColumn(_ text: String?) -> RoutingDecision? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(RoutingDecision.self, from: Data(text.utf8))
    }
}
