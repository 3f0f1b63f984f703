namespace ArabicNewsArchive.People.Recognition;

/// <summary>
/// What the tagger knows about words besides its weights: name lexicons, word clusters learned from unlabelled news,
/// and title words. Keys are normalised words (<see cref="Text.ArabicNormalizer"/>). Shipped inside the model file.
/// </summary>
internal sealed class TaggerLexicon
{
    public const byte MaleName = 1;
    public const byte FemaleName = 2;
    public const byte Transliterated = 4;

    /// <summary>Title and role words, as normalised words without attached particles. Generic, no particular person.</summary>
    public static readonly string[] DefaultTitles =
    [
        "رءيس", "ملك", "امير", "اميره", "ملكه", "شيخ", "شيخه", "وزير", "وزيره", "سيد", "سيده", "ولي", "عهد", "دكتور",
        "مهندس", "استاذ", "سفير", "نايب", "عاهل", "سلطان", "لواء", "عقيد", "جنرال", "عميد", "مستشار", "قاضي", "زعيم",
        "مرشد", "بابا", "امام", "مبعوث", "متحدث", "مساعد", "قايد", "فريق", "مشير", "حاكم", "محافظ", "مدير", "امين",
        "مدرب", "لاعب", "نجم", "كاتب", "فنان", "مطرب", "ممثل", "مخرج", "شاعر", "رءيسه", "نظير", "نظيره", "الرءيس",
        "المستشاره", "الاخ", "الحاج", "النجم", "المدرب", "اللاعب", "الكاتب", "الفنان", "الشاعر", "الدكتور", "د",
    ];

    /// <summary>Bits <see cref="MaleName"/>, <see cref="FemaleName"/>, <see cref="Transliterated"/>; bits 3-5 the
    /// Wikidata person-name count bucket (0: not a name token there).</summary>
    public Dictionary<string, byte> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>Cluster ids at three granularities (coarse to fine) and a frequency bucket in the unlabelled news.</summary>
    public Dictionary<string, WordCluster> Clusters { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Titles { get; } = new(StringComparer.Ordinal);

    /// <summary>Makes the empty sets and their lookups by slice.</summary>
    public TaggerLexicon()
    {
        NamesBySpan = Names.GetAlternateLookup<ReadOnlySpan<char>>();
        ClustersBySpan = Clusters.GetAlternateLookup<ReadOnlySpan<char>>();
        TitlesBySpan = Titles.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    // The same sets looked up by a slice of a word: an unseen word's features then need no string of its own. Made
    // once in the constructor (getting a lookup checks the comparer each time), and never lazily: the analysis reads
    // them from several threads, and a nullable struct filled on first use can be read half-written (an intermittent
    // NullReferenceException). They follow whatever the sets hold.
    public Dictionary<string, byte>.AlternateLookup<ReadOnlySpan<char>> NamesBySpan { get; }

    public Dictionary<string, WordCluster>.AlternateLookup<ReadOnlySpan<char>> ClustersBySpan { get; }

    public HashSet<string>.AlternateLookup<ReadOnlySpan<char>> TitlesBySpan { get; }

    public static TaggerLexicon WithDefaultTitles()
    {
        var lexicon = new TaggerLexicon();
        foreach (var t in DefaultTitles)
        {
            lexicon.Titles.Add(t);
        }

        return lexicon;
    }

    /// <summary>The bucket of a Wikidata name-token count: 1 for 1, 2 for 2-3, 3 for 4-15, 4 for 16-63, 5 for 64-255, 6 above.</summary>
    public static int CountBucket(long count) => count <= 0 ? 0 : Math.Min(6, 1 + (int)(Math.Log2(count) / 2 + 0.5));

    public void AddName(string normalized, byte bits)
    {
        Names[normalized] = (byte)(Names.GetValueOrDefault(normalized) | bits);
    }

    public void AddWikidataCount(string normalized, long count)
    {
        var existing = Names.GetValueOrDefault(normalized);
        var bucket = Math.Max((existing >> 3) & 7, CountBucket(count));
        Names[normalized] = (byte)((existing & 7) | (bucket << 3));
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Names.Count);
        foreach (var (word, bits) in Names.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(word);
            writer.Write(bits);
        }

        writer.Write(Clusters.Count);
        foreach (var (word, c) in Clusters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(word);
            writer.Write7BitEncodedInt(c.Coarse);
            writer.Write7BitEncodedInt(c.Middle);
            writer.Write7BitEncodedInt(c.Fine);
            writer.Write(c.FrequencyBucket);
        }

        writer.Write(Titles.Count);
        foreach (var t in Titles.Order(StringComparer.Ordinal))
        {
            writer.Write(t);
        }
    }

    public static TaggerLexicon Read(BinaryReader reader)
    {
        var lexicon = new TaggerLexicon();
        var names = reader.ReadInt32();
        lexicon.Names.EnsureCapacity(names);
        for (var i = 0; i < names; i++)
        {
            var word = reader.ReadString();
            lexicon.Names[word] = reader.ReadByte();
        }

        var clusters = reader.ReadInt32();
        lexicon.Clusters.EnsureCapacity(clusters);
        for (var i = 0; i < clusters; i++)
        {
            var word = reader.ReadString();
            lexicon.Clusters[word] = new WordCluster(reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt(), reader.ReadByte());
        }

        var titles = reader.ReadInt32();
        for (var i = 0; i < titles; i++)
        {
            lexicon.Titles.Add(reader.ReadString());
        }

        return lexicon;
    }
}

/// <summary>A word's clusters at three granularities and its frequency bucket in the unlabelled news.</summary>
internal readonly record struct WordCluster(int Coarse, int Middle, int Fine, byte FrequencyBucket);
