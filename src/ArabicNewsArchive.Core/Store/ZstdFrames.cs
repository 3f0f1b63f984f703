using ZstdSharp;
using ZstdSharp.Unsafe;

namespace ArabicNewsArchive.Store;

/// <summary>
/// Zstandard contexts for the store's compressed values (source texts, story terms): a trained dictionary loaded,
/// and frames without what the value's own header or mark says already (the magic number, the content size, the
/// dictionary's id, a checksum). A context is not thread-safe: callers keep them in pools.
/// </summary>
internal static class ZstdFrames
{
    /// <summary>A trained dictionary shipped in this assembly as the embedded resource <paramref name="name"/>.</summary>
    public static byte[] Dictionary(string name)
    {
        using var resource = typeof(ZstdFrames).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the embedded resource {name} is missing");
        var bytes = new byte[resource.Length];
        resource.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>A compressor at <paramref name="level"/> with <paramref name="dictionary"/> (none when empty).</summary>
    public static Compressor Compressor(byte[] dictionary, int level)
    {
        var compressor = new Compressor(level);
        if (dictionary.Length > 0)
        {
            compressor.LoadDictionary(dictionary);
        }

        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_contentSizeFlag, 0);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_dictIDFlag, 0);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 0);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_experimentalParam2, (int)ZSTD_format_e.ZSTD_f_zstd1_magicless);
        return compressor;
    }

    /// <summary>A decompressor for frames <see cref="Compressor"/> wrote with the same <paramref name="dictionary"/>.</summary>
    public static Decompressor Decompressor(byte[] dictionary)
    {
        var decompressor = new Decompressor();
        if (dictionary.Length > 0)
        {
            decompressor.LoadDictionary(dictionary);
        }

        decompressor.SetParameter(ZSTD_dParameter.ZSTD_d_experimentalParam1, (int)ZSTD_format_e.ZSTD_f_zstd1_magicless);
        return decompressor;
    }
}
