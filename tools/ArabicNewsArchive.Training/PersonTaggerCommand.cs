using System.Diagnostics;
using System.Globalization;
using ArabicNewsArchive.People.Recognition;

namespace ArabicNewsArchive.Training;

/// <summary>
/// person-tagger: trains the tagger on ANERcorp's train split and writes the model, or (--cv K) cross-validates it,
/// or (--ablation) cross-validates each feature configuration in turn.
/// </summary>
internal static class PersonTaggerCommand
{
    public const string ModelFile = "person-tagger.bin.gz";
    public const string ClusterFile = "word-clusters.tsv.gz";

    public static int Run(Options options)
    {
        var corpora = options.Text("corpora", "../shared/corpora");
        var output = options.Text("out", "seeds/reference/people-model");
        var clusters = options.Text("clusters", Path.Combine(output, ClusterFile));
        var trainer = new TrainerOptions
        {
            Seed = options.Number("seed", 1),
            Epochs = options.Number("epochs", new TrainerOptions().Epochs),
            Groups = Groups(options),
            MinFeatureCount = options.Number("min-count", 1),
        };

        var clock = Stopwatch.StartNew();
        var documents = Corpora.ReadAnerCorp(Path.Combine(corpora, "anercorp-train.txt"));
        var lexicon = Corpora.ReadNames(Path.Combine(corpora, "names"));
        if ((trainer.Groups & FeatureGroups.Clusters) != 0)
        {
            Corpora.ReadClusters(clusters, lexicon);
        }

        Console.WriteLine($"{documents.Count} documents, {documents.Sum(d => d.Tokens.Count)} tokens, {lexicon.Names.Count} name words, " +
            $"{lexicon.Clusters.Count} clustered words ({clock.Elapsed.TotalSeconds:F1} s)");

        if (options.Flag("ablation"))
        {
            var folds = options.Number("cv", 10);
            (string, FeatureGroups)[] configurations =
            [
                ("base", FeatureGroups.None),
                ("+lexicons", FeatureGroups.Lexicons),
                ("+clusters", FeatureGroups.Lexicons | FeatureGroups.Clusters),
                ("+document pass (shipped)", FeatureGroups.Lexicons | FeatureGroups.Clusters | FeatureGroups.DocumentPass),
                ("+bigrams", FeatureGroups.All),
            ];
            foreach (var (name, groups) in configurations)
            {
                CrossValidate(name, documents, lexicon, trainer with { Groups = groups }, folds);
            }

            return 0;
        }

        if (options.Flag("cv"))
        {
            CrossValidate(trainer.Groups.ToString(), documents, lexicon, trainer, options.Number("cv", 10));
            return 0;
        }

        // The confidence temperature is fitted on the last tenth with a model of the other nine, then the model is
        // trained on everything.
        var cut = documents.Count * 9 / 10;
        var calibration = PerceptronTrainer.Train(documents[..cut], lexicon, trainer);
        var temperature = PerceptronTrainer.CalibrateTemperature(calibration, documents[cut..]);
        var tagger = PerceptronTrainer.Train(documents, lexicon, trainer with { Temperature = temperature });
        Directory.CreateDirectory(output);
        var path = Path.Combine(output, ModelFile);
        using (var file = File.Create(path))
        {
            tagger.Save(file);
        }

        Console.WriteLine($"temperature {temperature}; first pass {tagger.FirstPass.FeatureCount} features, second pass " +
            $"{tagger.SecondPass?.FeatureCount ?? 0}; {path}: {new FileInfo(path).Length} bytes ({clock.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    private static FeatureGroups Groups(Options options)
    {
        // Word bigrams are off unless asked for: +0.002 person F1 in cross-validation for two lookups in a large table
        // per token and pass, which cost about as much as all the rest of tagging (docs/arabic-text.md).
        var groups = options.Flag("bigrams") ? FeatureGroups.All : FeatureGroups.All & ~FeatureGroups.Bigrams;
        if (options.Flag("no-lexicons"))
        {
            groups &= ~FeatureGroups.Lexicons;
        }

        if (options.Flag("no-clusters"))
        {
            groups &= ~FeatureGroups.Clusters;
        }

        if (options.Flag("no-doc"))
        {
            groups &= ~FeatureGroups.DocumentPass;
        }

        return groups;
    }

    private static void CrossValidate(string name, List<TrainingDocument> documents, TaggerLexicon lexicon, TrainerOptions trainer, int folds)
    {
        var clock = Stopwatch.StartNew();
        var counts = new int[4, 3];
        for (var f = 0; f < folds; f++)
        {
            var train = documents.Where((_, d) => PerceptronTrainer.Fold(d, documents.Count, folds) != f).ToList();
            var test = documents.Where((_, d) => PerceptronTrainer.Fold(d, documents.Count, folds) == f).ToList();
            var tagger = PerceptronTrainer.Train(train, lexicon, trainer);
            foreach (var doc in test)
            {
                var gold = PerceptronTrainer.SpanSet(doc.Gold);
                var predicted = PerceptronTrainer.SpanSet(tagger.Decode(doc.Text, doc.Tokens));
                foreach (var span in predicted)
                {
                    counts[(int)span.Kind, gold.Contains(span) ? 0 : 1]++;
                }

                foreach (var span in gold)
                {
                    if (!predicted.Contains(span))
                    {
                        counts[(int)span.Kind, 2]++;
                    }
                }
            }
        }

        Console.Write(string.Create(CultureInfo.InvariantCulture, $"| {name} |"));
        foreach (var kind in new[] { EntityKind.Person, EntityKind.Location, EntityKind.Organization })
        {
            double tp = counts[(int)kind, 0], fp = counts[(int)kind, 1], fn = counts[(int)kind, 2];
            var p = tp / Math.Max(1, tp + fp);
            var r = tp / Math.Max(1, tp + fn);
            var f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            Console.Write(string.Create(CultureInfo.InvariantCulture, $" {p:F3} / {r:F3} / **{f1:F3}** |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $" {clock.Elapsed.TotalSeconds:F0} s |"));
    }
}
