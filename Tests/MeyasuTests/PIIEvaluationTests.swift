import Foundation
import Testing
@testable import Meyasu

/// Recall and precision of the scrubber on the labelled set (Fixtures/pii-eval.jsonl, made by
/// Benchmarks/make_pii_eval.py): planted identifiers of every kind and shape, and look-alikes.
@Suite("PIIScrubber: labelled set")
struct PIIEvaluationTests {
    struct Case: Decodable {
        var input: String
        var expected: String
        var planted: [[String]]
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pii-eval.jsonl")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Case.self, from: Data($0.utf8)) }
    }()

    @Test("Recall ≥ 99.5% and precision ≥ 98% on ≥ 300 planted items and ≥ 100 look-alikes")
    func recallAndPrecision() {
        let planted = Self.cases.reduce(0) { $0 + $1.planted.count }
        let lookalikes = Self.cases.filter { $0.planted.isEmpty }.count
        #expect(planted >= 300)
        #expect(lookalikes >= 100)
        let scrubber = PIIScrubber()
        let placeholders = RedactionKind.allCases.map(\.placeholder)
        func count(_ text: String) -> Int {
            placeholders.reduce(0) { $0 + text.components(separatedBy: $1).count - 1 }
        }
        var truePositives = 0
        var falseNegatives = 0
        var falsePositives = 0
        var misses: [String] = []
        for testCase in Self.cases {
            let output = scrubber.scrub(testCase.input).text
            if output == testCase.expected {
                truePositives += testCase.planted.count
                continue
            }
            misses.append(testCase.input)
            for item in testCase.planted {
                let kind = RedactionKind(rawValue: item[0])!
                if output.contains(item[1]) || !output.contains(kind.placeholder) { falseNegatives += 1 } else { truePositives += 1 }
            }
            falsePositives += max(0, count(output) - count(testCase.expected))
        }
        let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        print("PII labelled set: \(planted) planted, \(lookalikes) look-alikes, recall \(recall), precision \(precision), exact \(Self.cases.count - misses.count)/\(Self.cases.count)")
        #expect(recall >= 0.995, "missed: \(misses.prefix(5))")
        #expect(precision >= 0.98, "over-redacted: \(misses.prefix(5))")
    }
}

@Suite("PIIScrubber: several fields in one pass")
struct PIIScrubberFieldsTests {
    @Test("Scrubbing fields together, with one scratch reused row after row, equals scrubbing each alone")
    func fieldsMatchSingle() {
        let scrubber = PIIScrubber()
        let scratch = PIIScrubber.Scratch()
        let inputs = PIIEvaluationTests.cases.map(\.input)
        #expect(inputs.count >= 400)
        // Rows of 1 to 5 fields, long and short mixed, so buffers grow and shrink between calls;
        // one field holds U+001F (the separator inside the joined text) and one is empty.
        var start = 0
        var rows = 0
        while start < inputs.count {
            let size = 1 + rows % 5
            var fields = Array(inputs[start..<min(start + size, inputs.count)])
            if rows % 7 == 3 { fields.append("") }
            if rows % 11 == 5 { fields[0] = "a\u{1F}" + fields[0] + "\u{1F}0258-39-2222" }
            let together = scrubber.scrub(fields: fields, scratch: scratch)
            var expectedCounts = RedactionCounts()
            let alone = fields.map { field in
                let (text, counts) = scrubber.scrub(field)
                expectedCounts.add(counts)
                return text
            }
            #expect(together.fields == alone)
            #expect(together.counts == expectedCounts)
            start += size
            rows += 1
        }
    }
}
