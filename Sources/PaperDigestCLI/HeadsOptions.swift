import ArgumentParser
import PaperDigest

/// The training options `train` and `eval` share.
struct HeadsOptions: ParsableArguments {
    @Option(help: "Encoder worker threads.")
    var threads = 2

    @Flag(help: "Embed every labelled text again instead of using the embedding cache.")
    var noCache = false

    @Option(help: "L2 penalty of the sentiment head.")
    var sentimentL2 = Heads.Hyperparameters().sentimentL2

    @Option(help: "L2 penalty of the word weights (sentiment and the field's tag head).")
    var lexicalL2 = Heads.Hyperparameters().lexicalL2

    @Option(help: "A word or word pair needs this many labelled texts to join the vocabulary.")
    var lexiconMinimumDocuments = Heads.Hyperparameters().lexiconMinimumDocuments

    @Option(help: "L2 penalty (ridge α) of the score head.")
    var scoreL2 = Heads.Hyperparameters().scoreL2

    @Option(help: "L2 penalty of the tag heads.")
    var tagL2 = Heads.Hyperparameters().tagL2

    @Option(help: "How much a labelled text's title, read alone, counts for the field's head (0: not at all).")
    var titleWeight = Heads.Hyperparameters().titleWeight

    var hyperparameters: Heads.Hyperparameters {
        Heads.Hyperparameters(
            sentimentL2: sentimentL2, lexicalL2: lexicalL2, lexiconMinimumDocuments: lexiconMinimumDocuments,
            scoreL2: scoreL2, tagL2: tagL2, titleWeight: titleWeight)
    }
}
