using ArabicNewsArchive.Stories;

namespace ArabicNewsArchive.Training;

/// <summary>
/// story-dictionary: trains the two Zstandard dictionaries of the stored story terms (the headers and counts stream,
/// the letters stream) on the stems of ANERcorp's documents and the seeds' articles, and writes them; or (--measure)
/// compares the shipped form with the Deflate split form it replaces on the ANT corpora, which the dictionaries never see.
/// </summary>
internal static class StoryDictionaryCommand
{
    public static int Run(Options options)
    {
        var corpora = options.Text("corpora", "../shared/corpora");
        if (options.Flag("measure"))
        {
            return Measure(corpora, options.Number("every", 4));
        }

        var streams = TextDictionaryCommand.Samples(corpora, options.Text("seeds", "seeds")).Select(StreamsOf).ToList();
        var folder = options.Text("out", "src/ArabicNewsArchive.Core/Stories");
        var size = options.Number("size", TermStreams.DictionaryBytes / 1024) * 1024;
        Console.WriteLine($"{streams.Count} documents: headers {streams.Sum(s => s.Headers.Length) / 1024} KB, letters {streams.Sum(s => s.Letters.Length) / 1024} KB");
        foreach (var (file, samples) in new[] { (TermStreams.HeadersFile, streams.Select(s => s.Headers)), (TermStreams.LettersFile, streams.Select(s => s.Letters)) })
        {
            var dictionary = TermStreams.Train(samples, size);
            var path = Path.Combine(folder, file);
            File.WriteAllBytes(path, dictionary);
            Console.WriteLine($"{path}: {dictionary.Length} bytes, SHA-256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(dictionary))}");
        }

        return 0;
    }

    // A text's story terms as the ingestion counts them (its first line taken as the title), as the split form's streams.
    private static (byte[] Headers, byte[] Letters) StreamsOf(string text) =>
        StoredTerms.Streams(ArticleStoryFeatures.FormatTerms(StoryClusterer.CountTerms(text)));

    private static int Measure(string corpora, int every)
    {
        foreach (var file in new[] { "ant-v1.1.tsv.gz", "ant-multisource.tsv.gz" })
        {
            var texts = Corpora.ReadAnt(Path.Combine(corpora, file)).Where((_, i) => i % every == 0)
                .Select(a => ArticleStoryFeatures.FormatTerms(StoryClusterer.CountTerms(a.Title + "\n" + a.Text)))
                .ToList();
            var (deflated, deflateMs) = Time(texts, StoredTerms.EncodeSplitDeflated);
            var (shipped, shippedMs) = Time(texts, StoredTerms.Encode);
            Console.WriteLine($"{file}: {texts.Count} articles; Deflate split {deflated / 1e6:F2} MB, {deflateMs * 1000 / texts.Count:F1} µs CPU an article; " +
                $"Zstandard split {shipped / 1e6:F2} MB ({100.0 * shipped / deflated:F1}%), {shippedMs * 1000 / texts.Count:F1} µs CPU an article");
        }

        return 0;
    }

    // Bytes written and CPU milliseconds, best of three (the machine is shared); every value read back checked.
    private static (long Bytes, double Ms) Time(List<string> texts, Func<string, byte[]> encode)
    {
        long bytes = 0;
        var best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var cpu = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime;
            var encoded = texts.Select(encode).ToList();
            best = Math.Min(best, (Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime - cpu).TotalMilliseconds);
            bytes = encoded.Sum(e => (long)e.Length);
            for (var i = 0; i < texts.Count; i++)
            {
                // Compared as parsed: a stem with a space (a ligature NFKC spells as words) is dropped by the parser in
                // either form, as in the text form before them.
                if (!ArticleStoryFeatures.ParseTerms(StoredTerms.Decode(encoded[i])).SequenceEqual(ArticleStoryFeatures.ParseTerms(texts[i])))
                {
                    throw new InvalidOperationException($"article {i}: the stored terms do not read back");
                }
            }
        }

        return (bytes, best);
    }
}
