using System.Collections.Concurrent;
using ArabicNewsArchive.Store;
using ZstdSharp;

namespace ArabicNewsArchive.Stories;

/// <summary>
/// The two streams of the stored story terms' split form (<see cref="StoredTerms.ZstdSplitMark"/>) compressed with
/// Zstandard, each with a dictionary of its own trained on ANERcorp's stems (Stories/README.md). An article's streams
/// are a few hundred bytes: Deflate made and cleared a quarter of a megabyte of state for each, and learnt each
/// article's alphabet from nothing. Thread-safe.
/// </summary>
internal static class TermStreams
{
    /// <summary>The dictionary of the headers and counts stream (an embedded resource of this folder).</summary>
    public const string HeadersFile = "story-headers.zdict";

    /// <summary>The dictionary of the letters stream.</summary>
    public const string LettersFile = "story-letters.zdict";

    /// <summary>The dictionaries' size when trained: past it an article's streams were no smaller (Stories/README.md).</summary>
    public const int DictionaryBytes = 16 * 1024;

    private const int Level = 3;

    private static readonly Lazy<byte[]>[] s_dictionaries = [new(() => Load(HeadersFile)), new(() => Load(LettersFile))];

    // Reused, with their dictionary loaded: loading one costs more than compressing an article's stream. Pools, not
    // one per thread: the web server's many threads rarely decode stories.
    private static readonly ConcurrentBag<Compressor>[] s_compressors = [[], []];
    private static readonly ConcurrentBag<Decompressor>[] s_decompressors = [[], []];

    /// <summary>Which of the two streams (each has its dictionary).</summary>
    public enum Kind
    {
        Headers = 0,
        Letters = 1,
    }

    /// <summary>The stream's bytes as one magicless Zstandard frame, without the length (the split form holds it).</summary>
    public static byte[] Compress(Kind stream, ReadOnlySpan<byte> input)
    {
        var pool = s_compressors[(int)stream];
        var compressor = pool.TryTake(out var pooled) ? pooled : ZstdFrames.Compressor(s_dictionaries[(int)stream].Value, Level);
        try
        {
            return compressor.Wrap(input).ToArray();
        }
        finally
        {
            pool.Add(compressor);
        }
    }

    /// <summary>Decompresses a frame <see cref="Compress"/> wrote into <paramref name="output"/>, exactly its length.</summary>
    public static void Decompress(Kind stream, ReadOnlySpan<byte> compressed, Span<byte> output)
    {
        if (output.IsEmpty)
        {
            return;
        }

        var pool = s_decompressors[(int)stream];
        var decompressor = pool.TryTake(out var pooled) ? pooled : ZstdFrames.Decompressor(s_dictionaries[(int)stream].Value);
        try
        {
            if (decompressor.Unwrap(compressed, output) != output.Length)
            {
                throw new InvalidDataException("A story terms stream is shorter than its stored length.");
            }
        }
        finally
        {
            pool.Add(decompressor);
        }
    }

    /// <summary>
    /// Trains a stream's dictionary on sample streams (one per document). Deterministic: the same samples in the same
    /// order give the same bytes (zstd's fastCover trainer, one thread).
    /// </summary>
    public static byte[] Train(IEnumerable<byte[]> samples, int capacity) => DictBuilder.TrainFromBuffer(samples, capacity).ToArray();

    /// <summary>The shipped dictionary of <paramref name="file"/> (<see cref="HeadersFile"/> or <see cref="LettersFile"/>).</summary>
    public static byte[] Load(string file) => ZstdFrames.Dictionary(file);
}
