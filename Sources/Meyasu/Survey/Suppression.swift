/// Decides which groups may be shown so that no group of fewer than k respondents can be seen,
/// directly or by difference (DESIGN promise 2; docs/survey.md explains why it holds).
///
/// The reader is assumed to know every shown count and every total in `equations` (a total is
/// the sum of the disjoint groups it splits into along one dimension). From these a count is
/// *known* when it is shown, when it is zero, when it is the only unknown part of a known total,
/// or when every part of it is known. The rules, applied until nothing changes:
///
/// 1. a group of 1…k−1 is hidden (primary suppression);
/// 2. for every known total, the unknown parts must add up to 0 or to at least k; when they
///    add up to 1…k−1, the smallest known part is hidden too (complementary suppression) — and
///    when that part is known only by derivation, a shown group that its derivation rests on
///    is hidden instead.
///
/// Hiding only ever grows, so the loop ends; if a step ever finds nothing it may hide, every
/// group but the whole year is hidden rather than risk one (the last resort, never reached in
/// the tests).
public struct Suppression: Sendable {
    /// k: the smallest group that may be shown or derived.
    public let k: Int

    public init(k: Int) {
        precondition(k >= 2, "k must be at least 2")
        self.k = k
    }

    /// Which cells to hide.
    /// - Parameters:
    ///   - counts: each cell's count (respondents, or answers to one question).
    ///   - publishable: whether a table shows the cell at all; other cells are never shown and
    ///     take part only through equations.
    ///   - equations: the totals and their parts.
    ///   - initial: cells already hidden (e.g. for respondents, when deciding a question's figures).
    /// - Returns: per cell, true when it must be hidden.
    public func hidden(counts: [Int], publishable: [Bool], equations: [BreakdownTables.Equation],
                       nests: [BreakdownTables.Nest] = [], initial: [Bool]? = nil) -> [Bool] {
        var hidden = initial ?? Array(repeating: false, count: counts.count)
        for cell in counts.indices where publishable[cell] && counts[cell] > 0 && counts[cell] < k {
            hidden[cell] = true
        }
        var asChild = Array(repeating: [Int](), count: counts.count)
        var asParent = Array(repeating: [Int](), count: counts.count)
        for (number, equation) in equations.enumerated() {
            asParent[equation.parent].append(number)
            for child in equation.children { asChild[child].append(number) }
        }
        func shown(_ cell: Int) -> Bool { publishable[cell] && !hidden[cell] }
        /// The smallest shown part of `equation` with a count, other than `except`.
        func smallestShown(_ equation: BreakdownTables.Equation, except: Int? = nil) -> Int? {
            equation.children.filter { $0 != except && counts[$0] > 0 && shown($0) }
                .min { (counts[$0], $0) < (counts[$1], $1) }
        }
        /// A shown group to hide so that `cell` can no longer be worked out: a shown part of a
        /// total that derives it, looking through parts that are themselves derived.
        func breakDerivation(of cell: Int, known: [Bool], depth: Int = 0) -> Int? {
            var derivedParts: [Int] = []
            for number in asChild[cell] where known[equations[number].parent] {
                let others = equations[number].children.filter { $0 != cell && counts[$0] > 0 }
                guard others.allSatisfy({ known[$0] }) else { continue }
                if let part = smallestShown(equations[number], except: cell) { return part }
                derivedParts += others
            }
            for number in asParent[cell] {
                let parts = equations[number].children.filter { counts[$0] > 0 }
                guard parts.allSatisfy({ known[$0] }) else { continue }
                if let part = smallestShown(equations[number]) { return part }
                derivedParts += parts
            }
            guard depth < 4 else { return nil }
            for part in Set(derivedParts).sorted(by: { (counts[$0], $0) < (counts[$1], $1) }) {
                if let found = breakDerivation(of: part, known: known, depth: depth + 1) { return found }
            }
            return nil
        }
        while true {
            let known = self.known(counts: counts, shown: shown, equations: equations, nests: nests)
            var next: Int?
            if let small = counts.indices.first(where: { known[$0] && counts[$0] > 0 && counts[$0] < k }) {
                // A small group can be worked out: take away what it is worked out from.
                next = breakDerivation(of: small, known: known)
            } else if let violated = equations.first(where: { equation in
                guard known[equation.parent] else { return false }
                let unknown = equation.children.reduce(0) { $0 + (known[$1] ? 0 : counts[$1]) }
                return unknown > 0 && unknown < k
            }) {
                // Several small hidden parts add up to less than k: hide another part.
                let candidates = violated.children.filter { known[$0] && counts[$0] > 0 }
                    .sorted { (counts[$0], $0) < (counts[$1], $1) }
                for candidate in candidates {
                    next = shown(candidate) ? candidate : breakDerivation(of: candidate, known: known)
                    if next != nil { break }
                }
                // Cell 0 is the whole year (its key sorts first); any other shown total may be hidden.
                if next == nil, shown(violated.parent), violated.parent != 0 { next = violated.parent }
            } else if let nest = nests.first(where: { nest in
                guard known[nest.parent] else { return false }
                let unknown = Self.unknownLeaves(nest, known: known, counts: counts).reduce(0) { $0 + counts[$1] }
                return unknown > 0 && unknown < k
            }) {
                // The same along 部局 and 課 together: hide a shown 課 group of a 部局 whose own
                // group is unknown, else a shown 部局 group that has unknown 課 groups.
                let open = nest.bureaus.filter { $0.cell.map { !known[$0] } ?? true }.flatMap(\.leaves)
                    .filter { counts[$0] > 0 && shown($0) }
                let closed = nest.bureaus.filter { bureau in
                    bureau.cell.map(shown) == true && bureau.leaves.contains { !known[$0] && counts[$0] > 0 }
                }.compactMap(\.cell)
                next = (open.isEmpty ? closed : open).min { (counts[$0], $0) < (counts[$1], $1) }
            } else {
                return hidden
            }
            guard let next else {
                // The last resort: show nothing but the whole year.
                for cell in counts.indices where publishable[cell] && cell != 0 { hidden[cell] = true }
                return hidden
            }
            hidden[next] = true
        }
    }

    /// The 課 groups of a nest a reader cannot take away: unknown, in a 部局 whose group is unknown.
    static func unknownLeaves(_ nest: BreakdownTables.Nest, known: [Bool], counts: [Int]) -> [Int] {
        nest.bureaus.filter { $0.cell.map { !known[$0] } ?? true }
            .flatMap(\.leaves).filter { !known[$0] && counts[$0] > 0 }
    }

    /// The cells a reader can work out from the shown ones, the equations and the nests.
    func known(counts: [Int], shown: (Int) -> Bool, equations: [BreakdownTables.Equation],
               nests: [BreakdownTables.Nest]) -> [Bool] {
        var known = counts.indices.map { shown($0) || counts[$0] == 0 }
        var changed = true
        while changed {
            changed = false
            for equation in equations {
                if known[equation.parent] {
                    var unknown: Int?
                    var several = false
                    for child in equation.children where !known[child] && counts[child] > 0 {
                        if unknown != nil { several = true; break }
                        unknown = child
                    }
                    if let unknown, !several {
                        known[unknown] = true
                        changed = true
                    }
                } else if equation.children.allSatisfy({ known[$0] || counts[$0] == 0 }) {
                    known[equation.parent] = true
                    changed = true
                }
            }
            for nest in nests where known[nest.parent] {
                let unknown = Self.unknownLeaves(nest, known: known, counts: counts)
                if unknown.count == 1 {
                    known[unknown[0]] = true
                    changed = true
                }
            }
        }
        return known
    }
}
