using System.Text;
using ArabicNewsArchive.Store;
using ZstdSharp;

namespace ArabicNewsArchive.Articles;

/// <summary>
/// The Zstandard dictionary <see cref="SourceTextCodec"/> compresses the source texts with: what Arabic news text
/// has in common (frequent words, phrases, letter pairs and the entropy tables for them), learnt once, so that a
/// short article does not pay to learn the language in its own bytes. Trained on ANERcorp and the repository's
/// seeds, never on the texts it is measured on: see src/ArabicNewsArchive.Core/Articles/README.md.
/// </summary>
internal static class SourceTextDictionary
{
    /// <summary>The embedded resource the codec loads (this folder's <see cref="FileName"/>).</summary>
    public const string FileName = "source-text.zdict";

    /// <summary>
    /// Trains a dictionary of at most <paramref name="capacity"/> bytes on sample texts (each sample one document).
    /// Deterministic: the same samples in the same order give the same bytes (zstd's fastCover trainer, one thread,
    /// no randomness).
    /// </summary>
    public static byte[] Train(IEnumerable<string> samples, int capacity)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return DictBuilder.TrainFromBuffer(samples.Select(s => Encoding.UTF8.GetBytes(s)), capacity);
    }

    /// <summary>The shipped dictionary's bytes.</summary>
    public static byte[] Load() => ZstdFrames.Dictionary(FileName);
}
