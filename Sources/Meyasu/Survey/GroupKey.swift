/// A group of respondents: some dimensions fixed to a band (or to "did not answer"), the others
/// free. The whole year is the key with every dimension free.
public struct GroupKey: Hashable, Sendable, Comparable {
    /// Marks a free dimension.
    public static let free: Int32 = -1
    /// Marks "did not answer".
    public static let noAnswer: Int32 = 0

    /// One entry per dimension, in `SurveyDimension.allCases` order: `free`, `noAnswer` or a band id.
    public var values: [Int32]

    public init(values: [Int32]) {
        precondition(values.count == SurveyDimension.allCases.count, "one value per dimension")
        self.values = values
    }

    /// Every respondent.
    public static let everyone = GroupKey(values: Array(repeating: free, count: SurveyDimension.allCases.count))

    public subscript(dimension: SurveyDimension) -> Int32 {
        get { values[dimension.index] }
        set { values[dimension.index] = newValue }
    }

    /// The same key with `dimension` fixed to `value`.
    public func fixing(_ dimension: SurveyDimension, to value: Int32) -> GroupKey {
        var key = self
        key[dimension] = value
        return key
    }

    /// The dimensions fixed, in order.
    public var fixed: [SurveyDimension] {
        SurveyDimension.allCases.filter { self[$0] != Self.free }
    }

    /// True when the atom `groups` belongs to the group.
    public func contains(_ groups: [Int32]) -> Bool {
        for index in values.indices where values[index] != Self.free && values[index] != groups[index] { return false }
        return true
    }

    public static func < (lhs: GroupKey, rhs: GroupKey) -> Bool {
        let (left, right) = (lhs.fixed.count, rhs.fixed.count)
        if left != right { return left < right }
        let (leftDims, rightDims) = (lhs.fixed, rhs.fixed)
        if leftDims != rightDims { return leftDims.lexicographicallyPrecedes(rightDims) }
        return lhs.values.lexicographicallyPrecedes(rhs.values)
    }
}

extension SurveyDimension {
    /// The position in `allCases`.
    var index: Int {
        switch self {
        case .bureau: 0
        case .department: 1
        case .age: 2
        case .gender: 3
        case .job: 4
        case .position: 5
        }
    }
}
