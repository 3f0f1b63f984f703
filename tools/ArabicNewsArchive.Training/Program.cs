using ArabicNewsArchive.Training;

// Builds the analysis's trained data files from ../shared/corpora. Every command is deterministic for its --seed.
return args.Length == 0 ? Usage() : args[0] switch
{
    "person-tagger" => PersonTaggerCommand.Run(Options.Parse(args[1..])),
    "clusters" => ClustersCommand.Run(Options.Parse(args[1..])),
    "speed" => SpeedCommand.Run(Options.Parse(args[1..])),
    "text-dictionary" => TextDictionaryCommand.Run(Options.Parse(args[1..])),
    "story-dictionary" => StoryDictionaryCommand.Run(Options.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          person-tagger [--corpora DIR] [--out DIR] [--seed N] [--epochs N] [--clusters FILE]
                        [--cv K] [--ablation] [--no-lexicons] [--no-clusters] [--no-doc] [--bigrams]
          clusters      [--corpora DIR] [--out FILE] [--seed N] [--vocabulary N]
          speed         [--corpora DIR] [--model FILE] [--articles N]
          text-dictionary [--corpora DIR] [--seeds DIR] [--out FILE] [--size KB]
                        [--measure [--every N] [--sizes KB,..] [--levels L,..] [--level L]]
          story-dictionary [--corpora DIR] [--seeds DIR] [--out DIR] [--size KB] [--measure [--every N]]
        """);
    return 2;
}
