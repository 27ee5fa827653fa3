/// The survey's five-point agreement scale (forms.md §2): labels as the form writes them,
/// most favourable first, and the value 5…1 each stands for.
public enum LikertScale {
    /// そう思う (5) … そう思わない (1).
    public static let labels = ["そう思う", "ややそう思う", "どちらともいえない", "あまりそう思わない", "そう思わない"]

    /// Answers at or above this value count as favourable (top-2-box: そう思う, ややそう思う).
    public static let favourableFrom = 4

    /// The value 5…1 of an answer label; nil for anything else. The caller decides what a blank
    /// cell means (no answer).
    public static func value(of label: some StringProtocol) -> Int? {
        // Compared exactly: the labels come from the form's own option list.
        switch label {
        case "そう思う": 5
        case "ややそう思う": 4
        case "どちらともいえない": 3
        case "あまりそう思わない": 2
        case "そう思わない": 1
        default: nil
        }
    }
}

/// How often each answer 1…5 was given to one question by one group; blanks are not counted.
public struct AnswerCounts: Sendable, Equatable {
    /// Counts of the values 1…5 at indices 0…4.
    public var counts: [Int]

    public init(counts: [Int] = [0, 0, 0, 0, 0]) {
        precondition(counts.count == 5, "five answer values")
        self.counts = counts
    }

    /// Adds one answer 1…5.
    public mutating func add(_ value: Int) {
        counts[value - 1] += 1
    }

    public mutating func add(_ other: AnswerCounts) {
        for index in 0..<5 { counts[index] += other.counts[index] }
    }

    /// Non-blank answers.
    public var n: Int { counts.reduce(0, +) }
    /// Answers of そう思う or ややそう思う.
    public var favourable: Int { counts[(LikertScale.favourableFrom - 1)...].reduce(0, +) }
    /// The sum of the values, for the mean.
    public var sum: Int { counts.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element } }
}
