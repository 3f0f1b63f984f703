using System.Globalization;
using System.IO.Compression;
using System.Text;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Store;
using ZstdSharp;

namespace ArabicNewsArchive.Training;

/// <summary>
/// text-dictionary: trains the source texts' Zstandard dictionary on ANERcorp's train split (tokens joined with
/// spaces, documents of whole sentences) and the seeds' articles and writes it; or (--measure) compares dictionary
/// sizes and levels against Deflate on the ANT corpora, which the dictionary never sees.
/// </summary>
internal static class TextDictionaryCommand
{
    public static int Run(Options options)
    {
        if (options.Flag("store"))
        {
            return MeasureStore(options.Text("store", ""));
        }

        var corpora = options.Text("corpora", "../shared/corpora");
        var seeds = options.Text("seeds", "seeds");
        var samples = Samples(corpora, seeds);
        Console.WriteLine($"{samples.Count} samples, {samples.Sum(s => Encoding.UTF8.GetByteCount(s)) / 1024} KB");
        if (options.Flag("measure"))
        {
            return Measure(samples, corpora, options);
        }

        var size = options.Number("size", 64) * 1024;
        var output = options.Text("out", Path.Combine("src/ArabicNewsArchive.Core/Articles", SourceTextDictionary.FileName));
        var dictionary = SourceTextDictionary.Train(samples, size);
        File.WriteAllBytes(output, dictionary);
        Console.WriteLine($"{output}: {dictionary.Length} bytes, SHA-256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(dictionary))}");
        return 0;
    }

    /// <summary>ANERcorp's documents as text (tokens joined with spaces), then the seeds' articles, in a fixed order.</summary>
    public static List<string> Samples(string corpora, string seeds)
    {
        var samples = Corpora.ReadAnerCorp(Path.Combine(corpora, "anercorp-train.txt"))
            .Select(d => d.Text)
            .ToList();
        if (Directory.Exists(seeds))
        {
            samples.AddRange(Directory.GetFiles(seeds, "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        }

        return samples;
    }

    private static int Measure(List<string> samples, string corpora, Options options)
    {
        // Every --every'th article for the grid of sizes and levels; the whole corpora for the timings.
        var every = options.Number("every", 5);
        var sources = new[] { "ant-v1.1.tsv.gz", "ant-multisource.tsv.gz" }
            .Select(f => (Name: f, Texts: Corpora.ReadAnt(Path.Combine(corpora, f)).Select(a => Encoding.UTF8.GetBytes(a.Title + "\n\n" + a.Text)).ToList()))
            .ToList();
        foreach (var (name, texts) in sources)
        {
            Console.WriteLine($"{name}: {texts.Count} articles, {texts.Sum(t => (long)t.Length) / 1e6:F1} MB UTF-8");
        }

        var sizes = options.Text("sizes", "16,32,64,112").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture) * 1024).ToList();
        var levels = options.Text("levels", "1,3,5,7,9").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        foreach (var (name, texts) in sources)
        {
            var grid = texts.Where((_, i) => i % every == 0).ToList();
            var deflate = grid.Sum(t => (long)Deflate(t).Length);
            Console.WriteLine($"{name} grid ({grid.Count} articles): deflate {deflate} bytes = 100%");
            var line = new StringBuilder("  size\\level");
            levels.ForEach(l => line.Append(CultureInfo.InvariantCulture, $"\t{l}"));
            Console.WriteLine(line);
            foreach (var size in sizes.Prepend(0))
            {
                var dictionary = size == 0 ? [] : SourceTextDictionary.Train(samples, size);
                line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"  {dictionary.Length / 1024} KB");
                foreach (var level in levels)
                {
                    using var compressor = ZstdFrames.Compressor(dictionary, level);
                    var total = grid.Sum(t => (long)compressor.Wrap(t).Length + 3);
                    line.Append(CultureInfo.InvariantCulture, $"\t{100.0 * total / deflate:F1}%");
                }

                Console.WriteLine(line);
            }
        }

        // Timings on the whole of each source: Deflate (today's codec) and the chosen size and level.
        var chosen = SourceTextDictionary.Train(samples, options.Number("size", 64) * 1024);
        foreach (var chosenLevel in options.Text("level", "3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            foreach (var (name, texts) in sources)
            {
                var mb = texts.Sum(t => (long)t.Length) / 1e6;
                var (deflateBytes, deflateIn, deflateOut) = Time(texts, Deflate, Inflate);
                using var compressor = ZstdFrames.Compressor(chosen, chosenLevel);
                using var decompressor = ZstdFrames.Decompressor(chosen);
                var (zstdBytes, zstdIn, zstdOut) = Time(texts, t => compressor.Wrap(t).ToArray(), (c, n) => Unwrap(decompressor, c, n));
                Console.WriteLine($"{name}: {mb:F1} MB UTF-8; deflate {deflateBytes / 1e6:F2} MB ({100.0 * deflateBytes / (mb * 1e6):F1}%), " +
                    $"{deflateIn / mb:F2} ms/MB compress, {deflateOut / mb:F2} ms/MB decompress; zstd {chosen.Length / 1024} KB level {chosenLevel} " +
                    $"{zstdBytes / 1e6:F2} MB ({100.0 * zstdBytes / (mb * 1e6):F1}%, {100.0 * zstdBytes / deflateBytes:F1}% of deflate), " +
                    $"{zstdIn / mb:F2} ms/MB compress, {zstdOut / mb:F2} ms/MB decompress");
            }
        }

        return 0;
    }

    // What re-encoding a store's texts would save and cost: reads every Articles.SourceText (open read-only), decodes it
    // and encodes it as the codec now does.
    private static int MeasureStore(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT SourceText FROM Articles";
        using var reader = command.ExecuteReader();
        long rows = 0, stored = 0, utf8 = 0, encoded = 0;
        double decodeMs = 0, encodeMs = 0;
        while (reader.Read())
        {
            var bytes = reader.GetFieldValue<byte[]>(0);
            var cpu = Cpu();
            var text = SourceTextCodec.Decode(bytes);
            var middle = Cpu();
            var again = SourceTextCodec.Encode(text);
            encodeMs += Cpu() - middle;
            decodeMs += middle - cpu;
            rows++;
            stored += bytes.Length;
            utf8 += Encoding.UTF8.GetByteCount(text);
            encoded += again.Length;
        }

        Console.WriteLine($"{path}: {rows} texts, {utf8 / 1e6:F1} MB UTF-8, stored {stored / 1e6:F1} MB, re-encoded {encoded / 1e6:F1} MB " +
            $"({100.0 * encoded / stored:F1}%); decode {decodeMs / 1000:F1} s CPU, encode {encodeMs / 1000:F1} s CPU");
        return 0;
    }

    // CPU milliseconds of compressing then decompressing every text, best of three (the machine is shared).
    private static (long Bytes, double CompressMs, double DecompressMs) Time(List<byte[]> texts, Func<byte[], byte[]> compress, Func<byte[], int, byte[]> decompress)
    {
        long bytes = 0;
        double bestIn = double.MaxValue, bestOut = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var cpu = Cpu();
            var compressed = texts.Select(compress).ToList();
            bestIn = Math.Min(bestIn, Cpu() - cpu);
            bytes = compressed.Sum(c => (long)c.Length + 3);
            cpu = Cpu();
            for (var i = 0; i < texts.Count; i++)
            {
                if (decompress(compressed[i], texts[i].Length).Length != texts[i].Length)
                {
                    throw new InvalidOperationException("round trip lost bytes");
                }
            }

            bestOut = Math.Min(bestOut, Cpu() - cpu);
        }

        return (bytes, bestIn, bestOut);
    }

    private static double Cpu() => (Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime).TotalMilliseconds;

    private static byte[] Deflate(byte[] utf8)
    {
        var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(utf8);
        }

        return output.ToArray();
    }

    private static byte[] Unwrap(Decompressor decompressor, byte[] compressed, int length)
    {
        var buffer = new byte[length];
        return decompressor.Unwrap(compressed, buffer) == length ? buffer : [];
    }

    private static byte[] Inflate(byte[] compressed, int length)
    {
        var buffer = new byte[length];
        using var inflate = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        inflate.ReadExactly(buffer);
        return buffer;
    }
}
