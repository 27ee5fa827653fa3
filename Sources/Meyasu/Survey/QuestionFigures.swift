/// What the summary publishes for one question and one group: n, the favourable count and
/// share, the mean on the 5…1 scale and the Wilson 95 % interval of the share.
public struct QuestionFigures: Sendable, Equatable {
    public var counts: AnswerCounts

    public init(_ counts: AnswerCounts) {
        self.counts = counts
    }

    /// Non-blank answers.
    public var n: Int { counts.n }
    public var favourable: Int { counts.favourable }

    /// Favourable answers over non-blank answers, in percent, rounded half up to one decimal;
    /// nil when nobody answered.
    public var favourablePercent: FixedDecimal? {
        n > 0 ? FixedDecimal.percent(favourable, of: n, scale: 1) : nil
    }

    /// The mean answer (5 = そう思う … 1 = そう思わない), rounded half up to two decimals; nil
    /// when nobody answered.
    public var mean: FixedDecimal? {
        n > 0 ? FixedDecimal.ratio(counts.sum, n, scale: 2) : nil
    }

    /// The Wilson 95 % interval of the favourable share; nil when nobody answered.
    public var interval: WilsonInterval? {
        n > 0 ? WilsonInterval(successes: favourable, trials: n) : nil
    }

    /// The change from `previous` in percentage points, with whether the two 95 % intervals
    /// are apart (the change is unlikely to be chance). Nil when either year has no answers.
    public func change(from previous: QuestionFigures) -> Change? {
        guard let now = favourablePercent, let then = previous.favourablePercent,
              let interval, let previousInterval = previous.interval else { return nil }
        return Change(points: now - then, significant: !interval.overlaps(previousInterval))
    }
}

/// A change between two years of a share, in percentage points.
public struct Change: Sendable, Equatable {
    /// This year's rounded share minus the previous year's, so it adds up with the published
    /// figures (60.6 − 52.2 = +8.4).
    public var points: FixedDecimal
    /// True when the two years' 95 % intervals do not overlap.
    public var significant: Bool

    public init(points: FixedDecimal, significant: Bool) {
        self.points = points
        self.significant = significant
    }
}
