/// Turns what a user types into search words and the FTS5 expression that finds them.
///
/// Words are separated by spaces (half- or full-width) and put into the key form, like the
/// stored texts, so `ＲＰＡ` finds `rpa`. A word of three characters or more is looked up in the
/// trigram index (`proposal_fts`) as the AND of its trigrams; a shorter word has no trigram,
/// so it is found by scanning the key forms (narrowed first by any other filter).
public enum ProposalSearch {
    /// The key forms of the words of `query`, without empty ones.
    public static func words(_ query: String, normalizer: TextNormalizer = TextNormalizer()) -> [String] {
        query.split(whereSeparator: { $0.isWhitespace }).map { normalizer.key(String($0)) }.filter { !$0.isEmpty }
    }

    /// An FTS5 MATCH expression: every distinct trigram of every word, quoted, joined by AND.
    static func matchExpression(_ words: [String]) -> String {
        var seen = Set<String>()
        var terms: [String] = []
        for word in words {
            let scalars = Array(word.unicodeScalars)
            guard scalars.count >= 3 else { continue }
            for start in 0...(scalars.count - 3) {
                var trigram = String.UnicodeScalarView()
                trigram.append(contentsOf: scalars[start..<(start + 3)])
                let text = String(trigram)
                if seen.insert(text).inserted {
                    terms.append("\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
                }
            }
        }
        return terms.joined(separator: " AND ")
    }
}
