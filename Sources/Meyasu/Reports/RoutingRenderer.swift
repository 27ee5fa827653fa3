import Foundation

/// Routing decisions and evaluations as text for people and JSON for scripts
/// (schemas/routing-decision.schema.json, schemas/routing-evaluation.schema.json).
public struct RoutingRenderer: Sendable {
    let organization: Organization

    public init(organization: Organization) {
        self.organization = organization
    }

    private func name(_ code: String) -> String {
        organization.department(code).map { "\($0.bureau) \($0.section)" } ?? code
    }

    private func percent(_ value: Double) -> String {
        String(format: "%.1f%%", value * 100)
    }

    /// Where the proposal goes, the three best candidates and the words that decided it.
    public func text(_ decision: RoutingDecision) -> String {
        var out = ""
        if decision.confident {
            out += "→ \(decision.department)  \(name(decision.department))  (確信度 \(percent(decision.confidence)))\n"
        } else {
            let best = decision.candidates.first.map { "\($0.department) \(percent($0.score))" } ?? "none"
            out += "→ \(decision.department)  \(name(decision.department))  (振り分け保留: best guess \(best), below the threshold \(percent(organization.confidenceThreshold)))\n"
        }
        out += "candidates:\n"
        for (index, candidate) in decision.candidates.enumerated() {
            out += "  \(index + 1). \(candidate.department)  \(name(candidate.department))  \(percent(candidate.score))\n"
        }
        out += "why: " + (decision.words.isEmpty ? "(no deciding words)" : decision.words.joined(separator: "、")) + "\n"
        if decision.hintAgreed { out += "the proposer's hint names the same department\n" }
        return out
    }

    public func json(_ decision: RoutingDecision) -> String {
        String(decoding: decision.columnJSON(), as: UTF8.self) + "\n"
    }

    /// The evaluation as a report.
    public func text(_ evaluation: RoutingEvaluation, seconds: Double, listMisses: Bool = false) -> String {
        var out = """
            proposals        \(evaluation.total)
            top-1 accuracy   \(percent(evaluation.accuracy))  (\(evaluation.top1) of \(evaluation.total))
            top-3 accuracy   \(percent(evaluation.top3Accuracy))  (\(evaluation.top3) of \(evaluation.total))
            routed directly  \(evaluation.confident) (confidence ≥ \(percent(organization.confidenceThreshold))), \(evaluation.confidentCorrect) of them right; \(evaluation.total - evaluation.confident) to triage
            speed            \(Int(Double(evaluation.total) / max(seconds, 1e-9))) proposals/s

            department  support  precision  recall

            """
        for score in evaluation.departments {
            out += score.department.padding(toLength: 12, withPad: " ", startingAt: 0)
                + String(format: "%7d  %8.1f%%  %6.1f%%\n", score.support, score.precision * 100, score.recall * 100)
        }
        out += "\nconfidence   proposals  right   mean confidence   (calibration error \(percent(evaluation.calibrationError)))\n"
        for band in evaluation.bands {
            let range = band.from == 0 ? "< \(percent(band.to))" : band.to == 1 ? "≥ \(percent(band.from))" : "\(percent(band.from))–\(percent(band.to))"
            let figures = band.proposals == 0 ? "      -         -"
                : String(format: "%6.1f%%   %6.1f%%", band.accuracy * 100, band.meanConfidence * 100)
            out += range.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "%9d  ", band.proposals) + figures + "\n"
        }
        if !evaluation.confusions.isEmpty {
            out += "\nmost confused (expected → routed):\n"
            for confusion in evaluation.confusions.prefix(10) {
                out += "  \(confusion.expected) → \(confusion.predicted)  \(confusion.count)\n"
            }
        }
        if listMisses && !evaluation.misses.isEmpty {
            out += "\nmisrouted (title → routed, expected; the words that decided):\n"
            for miss in evaluation.misses {
                let best = miss.decision.candidates.first
                out += "  \(miss.title) → \(best?.department ?? "-") \(percent(best?.score ?? 0)), expected \(miss.expected); \(miss.decision.words.joined(separator: "、"))\n"
            }
        }
        return out
    }

    public func json(_ evaluation: RoutingEvaluation, seconds: Double) -> String {
        func number(_ value: Double) -> String { "\((value * 10000).rounded() / 10000)" }
        let departments = evaluation.departments.map {
            "{\"department\":\(JSONText.quote($0.department)),\"support\":\($0.support),\"precision\":\(number($0.precision)),\"recall\":\(number($0.recall))}"
        }.joined(separator: ",")
        let confusions = evaluation.confusions.map {
            "{\"expected\":\(JSONText.quote($0.expected)),\"predicted\":\(JSONText.quote($0.predicted)),\"count\":\($0.count)}"
        }.joined(separator: ",")
        let bands = evaluation.bands.map {
            "{\"from\":\(number($0.from)),\"to\":\(number($0.to)),\"proposals\":\($0.proposals),\"correct\":\($0.correct),"
                + "\"accuracy\":\(number($0.accuracy)),\"mean_confidence\":\(number($0.meanConfidence))}"
        }.joined(separator: ",")
        return "{\"proposals\":\(evaluation.total),\"top1\":\(evaluation.top1),\"top3\":\(evaluation.top3),"
            + "\"accuracy\":\(number(evaluation.accuracy)),\"top3_accuracy\":\(number(evaluation.top3Accuracy)),"
            + "\"confident\":\(evaluation.confident),\"confident_correct\":\(evaluation.confidentCorrect),"
            + "\"proposals_per_second\":\(Int(Double(evaluation.total) / max(seconds, 1e-9))),"
            + "\"calibration_error\":\(number(evaluation.calibrationError)),"
            + "\"departments\":[\(departments)],\"confusions\":[\(confusions)],\"confidence_bands\":[\(bands)]}\n"
    }
}
