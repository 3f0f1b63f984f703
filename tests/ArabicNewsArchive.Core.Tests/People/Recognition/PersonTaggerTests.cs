using ArabicNewsArchive.People.Recognition;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Tests.People.Recognition;

public class PersonTaggerTests
{
    private static string ModelPath => Path.Combine(PeopleTestData.Root, "seeds", "reference", "people-model", "person-tagger.bin.gz");

    [Fact]
    public void Tagger_CommittedModelFindsFullNameAndLaterSurname()
    {
        const string Text = "وقال الرئيس الفرنسي إيمانويل ماكرون في مؤتمر صحفي في باريس إن بلاده ستواصل دعمها. "
            + "وأضاف ماكرون أن الحكومة ستعلن خطتها الأسبوع المقبل.";
        var tokens = ArabicTokenizer.Tokenize(Text);

        var people = Names(Text, tokens, EntityKind.Person);

        Assert.Equal(["إيمانويل ماكرون", "ماكرون"], people);
        Assert.Contains("باريس", Names(Text, tokens, EntityKind.Location));
    }

    [Fact]
    public void Tagger_DocumentPassTagsSurnameOnlyThanksToFullName()
    {
        // A made-up name, so only this text can tell the model that هولمغرين is a person.
        const string Later = "وبحث هولمغرين مع المسؤولين ملف الأسرى، ثم غادر المدينة.";
        const string WithFullName = "وصل المبعوث الأممي ماركوس هولمغرين إلى عدن أمس. " + Later;
        const string WithOtherName = "وصل المبعوث الأممي ماركوس فيشر إلى عدن أمس. " + Later;
        var tagger = PersonTagger.Load(ModelPath);
        var firstPassOnly = new PersonTagger(tagger.Lexicon, tagger.Groups, tagger.FirstPass, null, tagger.Temperature);
        var tokens = ArabicTokenizer.Tokenize(WithFullName);
        const int Surname = 9;
        Assert.Equal("هولمغرين", tokens[Surname].Surface);

        var withFullName = SpanAt(tagger.Tag(WithFullName, tokens), Surname);
        var withOtherName = SpanAt(tagger.Tag(WithOtherName, ArabicTokenizer.Tokenize(WithOtherName)), Surname);
        var firstPass = SpanAt(firstPassOnly.Tag(WithFullName, tokens), Surname);

        Assert.NotNull(withFullName);
        Assert.Null(withOtherName);
        Assert.True(firstPass is null || firstPass.Confidence < withFullName.Confidence - 0.2,
            $"the document pass should make the surname much surer: {firstPass?.Confidence} vs {withFullName.Confidence}");
    }

    [Fact]
    public void Tagger_PeopleOnlyGiveThePersonSpansWithTheSameConfidences()
    {
        // Sentences naming only a place or an organisation (their marginals are skipped) between sentences naming people.
        const string Text = "وقال الرئيس الفرنسي إيمانويل ماكرون في مؤتمر صحفي إن بلاده ستواصل دعمها. "
            + "وشهدت باريس ومدينة ليون احتجاجات واسعة. وأعلنت منظمة الصحة العالمية عن خطة جديدة. "
            + "وأضاف ماكرون أن الحكومة ستعلن خطتها، فيما التقى وزير الخارجية أنتوني بلينكن نظيره في القاهرة.";
        var tagger = PersonTagger.Load(ModelPath);
        var tokens = ArabicTokenizer.Tokenize(Text);
        var all = tagger.Tag(Text, tokens);

        var people = tagger.Tag(Text, tokens, null, EntityKind.Person);

        Assert.Contains(all, s => s.Kind != EntityKind.Person);
        Assert.True(people.Count >= 2, $"{people.Count} person spans");
        Assert.Equal(all.Where(s => s.Kind == EntityKind.Person), people);
    }

    [Fact]
    public void Tagger_SpansAreOrderedWithinTokensWithConfidenceInRange()
    {
        var tagger = PersonTagger.Load(ModelPath);
        var text = PeopleTestData.Seed("000_222e9e8ff3339bbc");
        var tokens = ArabicTokenizer.Tokenize(text);

        var spans = tagger.Tag(text, tokens);

        Assert.NotEmpty(spans);
        var previousEnd = -1;
        foreach (var span in spans)
        {
            Assert.True(span.FirstToken > previousEnd && span.LastToken >= span.FirstToken && span.LastToken < tokens.Count);
            Assert.InRange(span.Confidence, 0, 1);
            previousEnd = span.LastToken;
        }
    }

    [Fact]
    public void Tagger_CachedScoresGiveTheLabelsOfTrainingFeatures()
    {
        var tagger = PersonTagger.Load(ModelPath);
        foreach (var seed in new[] { "000_222e9e8ff3339bbc", "003_b3014ee5dfb3bcc9" })
        {
            var text = PeopleTestData.Seed(seed);
            var tokens = ArabicTokenizer.Tokenize(text);
            var document = new TrainingDocument(text, tokens, new int[tokens.Count]);

            var tagged = tagger.Decode(text, tokens);

            Assert.Contains(tagged, label => label != TagSet.Outside);
            Assert.Equal(PerceptronTrainer.DecodeAsTrained(tagger, document), tagged);
        }
    }

    [Fact]
    public void Features_OfAWordInsideATextEqualThoseOfTheWordAlone()
    {
        // The tagger scores an unseen word from a slice of the text (no string of its own): lexicon, cluster and
        // title lookups by slice must find what the same word as a string finds.
        var tagger = PersonTagger.Load(ModelPath);
        const string Text = "قال والرئيس ماكرون ومحمد للصحفيين";
        foreach (var word in new[] { "والرئيس", "ماكرون", "ومحمد", "للصحفيين" })
        {
            var alone = TaggerFeatures.ForWord(word, tagger.Lexicon, tagger.Groups);
            var center = new ulong[TaggerFeatures.MaxCenter];
            var context = new ulong[TaggerFeatures.MaxContext];
            TaggerFeatures.ForWord(Text.AsSpan(Text.IndexOf(word, StringComparison.Ordinal), word.Length), tagger.Lexicon, tagger.Groups,
                center, context, out var nc, out var nx, out var id, out var bare);

            Assert.Equal(alone.Center, center[..nc]);
            Assert.Equal(alone.Context, context[..nx]);
            Assert.Equal((alone.Word, alone.Bare), (id, bare));
        }

        // و + ال stripped: the bare form of والرئيس is رئيس (as the title list writes it, normalised رءيس aside).
        Assert.Equal("رئيس", TaggerFeatures.Bare("والرئيس".AsSpan(), out var particles).ToString());
        Assert.Equal(1 | 32, particles);
    }

    [Fact]
    public void Tagger_ConfidenceFollowsATemperatureChangedAfterTagging()
    {
        // The transition potentials are kept between calls: they must be remade when calibration changes the temperature.
        const string Text = "وقال الرئيس الفرنسي إيمانويل ماكرون في مؤتمر صحفي إن بلاده ستواصل دعمها.";
        var tokens = ArabicTokenizer.Tokenize(Text);
        var loaded = PersonTagger.Load(ModelPath);
        var tagger = new PersonTagger(loaded.Lexicon, loaded.Groups, loaded.FirstPass, loaded.SecondPass, loaded.Temperature);
        var before = tagger.Tag(Text, tokens);

        tagger.Temperature = loaded.Temperature * 4;
        var after = tagger.Tag(Text, tokens);
        var fresh = new PersonTagger(loaded.Lexicon, loaded.Groups, loaded.FirstPass, loaded.SecondPass, loaded.Temperature * 4).Tag(Text, tokens);

        Assert.Equal(fresh, after);
        Assert.NotEqual(before.Select(s => s.Confidence), after.Select(s => s.Confidence));
    }

    [Fact]
    public void Marginals_FromTransitionPotentialsEqualThoseOfEveryAllowedPath()
    {
        // Three tokens: every label path (9^3) enumerated, each weighted by exp(score / temperature).
        var rng = new Random(7);
        const int Length = 3;
        const float Temperature = 1.5f;
        var emissions = Enumerable.Range(0, Length * TagSet.Count).Select(_ => (float)((rng.NextDouble() * 8) - 4)).ToArray();
        var transitions = Enumerable.Range(0, (TagSet.Count + 1) * TagSet.Count).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
        var expected = new double[Length * TagSet.Count];
        double total = 0;
        for (var a = 0; a < TagSet.Count; a++)
        {
            for (var b = 0; b < TagSet.Count; b++)
            {
                for (var c = 0; c < TagSet.Count; c++)
                {
                    if (!TagSet.Allowed(-1, a) || !TagSet.Allowed(a, b) || !TagSet.Allowed(b, c))
                    {
                        continue;
                    }

                    var score = transitions[(TagSet.Count * TagSet.Count) + a] + emissions[a]
                        + transitions[(a * TagSet.Count) + b] + emissions[TagSet.Count + b]
                        + transitions[(b * TagSet.Count) + c] + emissions[(2 * TagSet.Count) + c];
                    var weight = Math.Exp(score / Temperature);
                    total += weight;
                    expected[a] += weight;
                    expected[TagSet.Count + b] += weight;
                    expected[(2 * TagSet.Count) + c] += weight;
                }
            }
        }

        var moves = new double[(TagSet.Count + 1) * TagSet.Count];
        var actual = new double[Length * TagSet.Count];
        TagSet.TransitionPotentials(transitions, Temperature, moves);
        TagSet.Marginals(emissions, Length, moves, Temperature, actual);

        for (var k = 0; k < actual.Length; k++)
        {
            Assert.Equal(expected[k] / total, actual[k], 6);
        }
    }

    [Fact]
    public void Load_ReadsEachPathOnce()
    {
        Assert.Same(PersonTagger.Load(ModelPath), PersonTagger.Load(ModelPath));
    }

    [Fact]
    public void Load_KeepsNoModelNobodyHolds()
    {
        // A copy of its own, so that other tests holding the committed model cannot keep this one alive.
        var copy = Path.Combine(Path.GetTempPath(), $"tagger-{Guid.NewGuid():N}.bin.gz");
        File.Copy(ModelPath, copy);
        try
        {
            var released = LoadAndRelease(copy);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            Assert.False(released.TryGetTarget(out _));
            Assert.Same(PersonTagger.Load(copy), PersonTagger.Load(copy));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    // Not inlined: the caller's frame must hold no reference to the model.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<PersonTagger> LoadAndRelease(string path) => new(PersonTagger.Load(path));

    [Fact]
    public void Training_SameDataAndSeedGiveTheSameModelBytes()
    {
        var documents = MadeUpCorpus();
        var options = new TrainerOptions { Epochs = 3, JackknifeFolds = 2, Seed = 7 };

        var first = Save(PerceptronTrainer.Train(documents, TaggerLexicon.WithDefaultTitles(), options));
        var second = Save(PerceptronTrainer.Train(documents, TaggerLexicon.WithDefaultTitles(), options));
        var otherSeed = Save(PerceptronTrainer.Train(documents, TaggerLexicon.WithDefaultTitles(), options with { Seed = 8 }));

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
        var reloaded = PersonTagger.Load(new MemoryStream(first));
        const string Text = "وقال الوزير سامر خوري في بيروت إن الوفد وصل.";
        Assert.Contains(reloaded.Tag(Text, ArabicTokenizer.Tokenize(Text)), s => s.Kind == EntityKind.Person && s.FirstToken == 2 && s.LastToken == 3);
    }

    [Fact]
    public void Viterbi_NeverEmitsInsideWithoutBeginOfItsKind()
    {
        var random = new Random(3);
        var transitions = new float[(TagSet.Count * TagSet.Count) + TagSet.Count];
        for (var trial = 0; trial < 200; trial++)
        {
            var length = random.Next(1, 12);
            var emissions = new float[length * TagSet.Count];
            for (var i = 0; i < emissions.Length; i++)
            {
                // Inside labels score highest, so an unconstrained decoder would pick them everywhere.
                emissions[i] = (float)random.NextDouble() + (TagSet.IsInside(i % TagSet.Count) ? 5 : 0);
            }

            var labels = new int[length];
            TagSet.Viterbi(emissions, length, transitions, labels);

            for (var t = 0; t < length; t++)
            {
                if (TagSet.IsInside(labels[t]))
                {
                    Assert.True(t > 0 && labels[t - 1] != TagSet.Outside && TagSet.KindOf(labels[t - 1]) == TagSet.KindOf(labels[t]));
                }
            }
        }
    }

    private static EntitySpan? SpanAt(IReadOnlyList<EntitySpan> spans, int token) =>
        spans.SingleOrDefault(s => s.Kind == EntityKind.Person && s.FirstToken == token && s.LastToken == token);

    private static List<string> Names(string text, IReadOnlyList<Token> tokens, EntityKind kind) =>
        [.. PersonTagger.Load(ModelPath).Tag(text, tokens).Where(s => s.Kind == kind)
            .Select(s => string.Join(' ', tokens.Skip(s.FirstToken).Take(s.LastToken - s.FirstToken + 1).Select(t => t.Surface)))];

    private static byte[] Save(PersonTagger tagger)
    {
        var stream = new MemoryStream();
        tagger.Save(stream);
        return stream.ToArray();
    }

    /// <summary>Twenty short made-up documents: a title, a two-word name, a place, and the surname again.</summary>
    private static List<TrainingDocument> MadeUpCorpus()
    {
        string[] given = ["سامر", "خالد", "ليلى", "منى", "فادي"];
        string[] family = ["حداد", "نصار", "عطية", "سلوم", "خوري"];
        string[] places = ["دمشق", "عمان", "بيروت", "القاهرة"];
        string[] titles = ["الرئيس", "الوزير", "السيد"];
        var documents = new List<TrainingDocument>();
        for (var d = 0; d < 20; d++)
        {
            var g = given[d % given.Length];
            var f = family[(d * 3) % family.Length];
            List<(string, string)> tagged =
            [
                ("وقال", "O"), (titles[d % titles.Length], "O"), (g, "B-PERS"), (f, "I-PERS"), ("في", "O"),
                (places[d % places.Length], "B-LOC"), ("إن", "O"), ("الوفد", "O"), ("وصل", "O"), (".", "O"),
                ("وأضاف", "O"), (f, "B-PERS"), ("أن", "O"), ("الاجتماع", "O"), ("انتهى", "O"), (".", "O"),
            ];
            documents.Add(TrainingDocument.FromTagged(tagged));
        }

        return documents;
    }
}
