import Foundation
import GRDB
import Testing
@testable import Meyasu
import MeyasuSamples

@Suite("The router's kept model")
struct RoutingModelTests {
    @Test("A model read back from its bytes routes exactly as the one trained; bytes that are not such a model are refused")
    func roundTrip() throws {
        let organization = try Fixtures.organization()
        let trained = ProposalRouter.train(organization: organization, examples: Array(RoutingSet.training.prefix(400)))
        let data = trained.data
        let restored = try #require(ProposalRouter.TrainedModel(data: data, organization: organization))
        #expect(restored.data == data)
        let fresh = ProposalRouter(organization: organization, model: trained)
        let read = ProposalRouter(organization: organization, model: restored)
        var first = ProposalRouter.Scratch()
        var second = ProposalRouter.Scratch()
        for example in RoutingSet.heldOut.prefix(60) {
            #expect(fresh.route(example.input, scratch: &first) == read.route(example.input, scratch: &second))
        }
        var fewer = organization
        fewer.departments.removeLast()
        var renamed = data
        renamed[0] = UInt8(ascii: "X")
        var unsorted = data
        unsorted.replaceSubrange(16..<32, with: Data(unsorted[24..<32]) + Data(unsorted[16..<24]))
        for (bytes, why) in [(data.prefix(data.count - 1), "truncated"), (Data("not a model".utf8), "text"),
                             (renamed, "another magic"), (unsorted, "codes out of order"), (Data(), "empty")] {
            #expect(ProposalRouter.TrainedModel(data: Data(bytes), organization: organization) == nil, "\(why)")
        }
        #expect(ProposalRouter.TrainedModel(data: data, organization: fewer) == nil)
    }

    @Test("init keeps the shipped model, trained from exactly the shipped examples (else run Benchmarks/ship_model.sh)")
    func shipped() throws {
        let folder = TemporaryFolder()
        let workspace = try Workspace.initialize(at: folder.url.appendingPathComponent("meyasu.yaml"), starter: SampleFiles.directory)
        let store = try workspace.openStore()
        let organization = try workspace.loadOrganization()
        let fingerprint = ProposalRouter.fingerprint(organization: organization, examples: try store.routingExamples())
        let kept = try store.routingModel(fingerprint: fingerprint)
        #expect(kept != nil, "samples/routing/model.bin was not trained from the shipped examples with this code: run Benchmarks/ship_model.sh")
        #expect(kept.flatMap { ProposalRouter.TrainedModel(data: $0, organization: organization) } != nil)
    }

    @Test("makeRouter keeps the model it trains and reuses it until the examples, departments or settings change")
    func kept() throws {
        let folder = TemporaryFolder()
        let workspace = try Workspace.initialize(at: folder.url.appendingPathComponent("meyasu.yaml"), starter: SampleFiles.directory)
        let store = try workspace.openStore()
        // A few hundred examples keep the training quick in a debug build.
        try store.addRoutingExamples(Array(RoutingSet.training.prefix(300)), source: "train", replacing: ["sample", "train"])
        let organization = try workspace.loadOrganization()
        func kept() throws -> (fingerprint: Data, model: Data)? {
            try store.read { db in
                try Row.fetchOne(db, sql: "SELECT fingerprint, model FROM routing_model").map { ($0["fingerprint"], $0["model"]) }
            }
        }
        // What init kept was trained from the shipped examples, not from these.
        #expect(try kept()?.fingerprint != ProposalRouter.fingerprint(organization: organization, examples: try store.routingExamples()))
        let input = RoutingSet.heldOut[0].input
        var scratch = ProposalRouter.Scratch()
        let trained = try workspace.makeRouter(store: store, organization: organization).route(input, scratch: &scratch)
        let first = try #require(try kept())
        #expect(first.fingerprint == ProposalRouter.fingerprint(organization: organization, examples: try store.routingExamples()))

        // The next router reads the kept model: the same decision, nothing rewritten.
        #expect(try workspace.makeRouter(store: store, organization: organization).route(input, scratch: &scratch) == trained)
        #expect(try kept()?.model == first.model)

        // A kept model that is not a model (its fingerprint matching) is trained anew and replaced.
        try store.storeRoutingModel(Data("broken".utf8), fingerprint: first.fingerprint)
        #expect(try workspace.makeRouter(store: store, organization: organization).route(input, scratch: &scratch) == trained)
        #expect(try kept()?.model == first.model)

        // One more example (a hand-over, say) or other settings: another fingerprint, a new model.
        try store.addRoutingExamples([RoutingSet.training[300]], source: "train")
        _ = try workspace.makeRouter(store: store, organization: organization)
        let second = try #require(try kept())
        #expect(second.fingerprint != first.fingerprint)
        var smoother = organization
        smoother.routing.smoothing = 1
        _ = try workspace.makeRouter(store: store, organization: smoother)
        #expect(try kept()?.fingerprint != second.fingerprint)

        // A dry run (keep: false) trains without keeping; rules alone never touch the kept model.
        let before = try kept()
        var other = organization
        other.routing.titleWeight = 2
        _ = try workspace.makeRouter(store: store, organization: other, keep: false)
        _ = try workspace.makeRouter(store: store, organization: other, learned: false)
        #expect(try kept()?.fingerprint == before?.fingerprint)
    }
}
