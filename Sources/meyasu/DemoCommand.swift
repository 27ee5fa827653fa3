import ArgumentParser
import Foundation
import Logging
import Meyasu
import MeyasuSamples

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a throw-away workspace, import the sample exports, print each department's queue and the survey's indicator table."
    )

    @Flag(name: .long, help: "Keep the workspace folder instead of deleting it.")
    var keep = false

    @Option(name: .long, help: ArgumentHelp("Show at most this many proposals per queue.", valueName: "N"))
    var perQueue = 5

    func run() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("meyasu-demo-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))")
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let space = try mapErrors {
            try Workspace.initialize(at: folder.appendingPathComponent(Workspace.configFileName), starter: SampleFiles.directory)
        }
        printOut("Demo workspace: \(folder.path)\(keep ? "" : " (deleted at the end; --keep keeps it)")\n\n")
        let (store, profiles, keyer, organization) = try mapErrors {
            (try space.openStore(), try space.loadProfiles(), try space.loadKey(), try space.loadOrganization())
        }
        try mapErrors { try store.checkKey(keyer, keyFileName: space.keyURL.lastPathComponent) }
        let router = try mapErrors { try space.makeRouter(store: store, organization: organization) }
        let importer = ProposalImporter(store: store, profiles: profiles, keyer: keyer, triage: organization.triage,
                                        settings: space.config.proposals, router: router, logger: Logger(label: "meyasu.demo"))
        printOut("== meyasu import proposals (the samples; the CP932 file holds the same responses as the UTF-8 one)\n")
        for export in SampleFiles.proposalExports {
            let report = try mapErrors { try importer.importFile(at: export.path) }
            printOut(ImportReportText.render(report))
        }
        let counts = try mapErrors { try store.proposalCountsByDepartment() }
        let renderer = ProposalListRenderer(organization: organization)
        printOut("\n== Queues by department (routed on arrival; unsure ones wait in triage, \(organization.triage))\n")
        for department in organization.departments {
            let count = counts[department.code] ?? 0
            printOut("\n\(department.code)  \(department.bureau) \(department.section): \(count)件\n")
            if count > 0 {
                let proposals = try mapErrors {
                    try store.proposals(ProposalFilter(department: department.code, limit: perQueue))
                }
                printOut(renderer.render(proposals, as: .table))
                if count > perQueue { printOut("… and \(count - perQueue) more: meyasu proposals list --department \(department.code)\n") }
            }
        }
        try survey(space, store: store, profiles: profiles, keyer: keyer, organization: organization)
        printOut("\nThe web portal on this workspace (with --keep): cd \(folder.path) && meyasu user add kanri --role admin && meyasu serve\n")
    }

    /// Imports the survey samples and prints the latest year's indicator table.
    private func survey(_ space: Workspace, store: MeyasuStore, profiles: [FormProfile], keyer: ResponseKeyer,
                        organization: Organization) throws {
        let importer = SurveyImporter(store: store, profiles: profiles, keyer: keyer, organization: organization,
                                      logger: Logger(label: "meyasu.demo"))
        printOut("\n== meyasu import survey (the samples; the CP932 file holds the same responses as survey-fy2024.csv)\n")
        for export in SampleFiles.surveyExports {
            let report = try mapErrors { try importer.importFile(at: export.path) }
            printOut(ImportReportText.render(report))
        }
        guard let year = try mapErrors({ try store.surveyYearList() }).last else { return }
        let summary = try mapErrors {
            try space.surveySummary(store: store, organization: organization, indicators: try space.loadIndicators(),
                                    profiles: profiles, year: year, compareYear: year - 1, breakdowns: [])
        }
        printOut("\n== meyasu survey summary --year \(year)\n\n")
        printOut(SurveySummaryRenderer().render(summary, as: .table))
        printOut("\nBreakdowns, CSV, JSON and an HTML report: meyasu survey summary --year \(year) --by 課 --format html --out report.html\n")
    }
}
