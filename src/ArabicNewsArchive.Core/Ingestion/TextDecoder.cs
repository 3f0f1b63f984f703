using System.Text;

namespace ArabicNewsArchive.Ingestion;

/// <summary>The outcome of decoding a file's bytes: the text (BOM removed, nothing else touched) or why not.</summary>
public sealed record DecodedText(string? Text, string? EncodingName, string? Rejection)
{
    public bool IsRejected => Rejection is not null;

    /// <summary>What decoding changed in an accepted text (stray control characters dropped), for the ingest summary.</summary>
    public string? Warning { get; init; }

    public static DecodedText Reject(string reason) => new(null, null, reason);
}

/// <summary>
/// Turns a file's bytes into text. UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; bytes that
/// are not valid UTF-8 but read as Arabic in Windows-1256 are taken as legacy Arabic; everything else is rejected
/// with a reason a person can act on. Rules and limits: docs/ingestion.md.
/// </summary>
public static class TextDecoder
{
    /// <summary>Files larger than this are rejected before they are read: no news article comes near it.</summary>
    public const long MaxFileBytes = 5 * 1024 * 1024;

    /// <summary>
    /// At most this many stray C0 control characters (one in any text, more only one per
    /// <see cref="MinCharsPerStrayControl"/> characters) are dropped from otherwise valid text; more means the bytes
    /// are not text.
    /// </summary>
    public const int MaxStrayControls = 16;

    public const int MinCharsPerStrayControl = 200;

    /// <summary>Share of letters that must be Arabic for undeclared legacy bytes to be read as Windows-1256.</summary>
    public const double MinArabicLetterShare = 0.6;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding s_strictUtf16Le = new(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding s_strictUtf16Be = new(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Lazy<Encoding> s_windows1256 = new(() =>
    {
        // .NET Core ships the legacy code pages but only hands them out once the provider is registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1256, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>The Windows-1256 encoding (registers the code page provider on first use).</summary>
    public static Encoding Windows1256 => s_windows1256.Value;

    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxFileBytes)
        {
            return DecodedText.Reject($"larger than the {MaxFileBytes / (1024 * 1024)} MB limit ({bytes.Length} bytes)");
        }

        if (bytes.IsEmpty)
        {
            return DecodedText.Reject("empty file");
        }

        if (DetectMagic(bytes) is { } kind)
        {
            return DecodedText.Reject($"not text: the bytes are a {kind} file");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Finish(TryDecode(s_strictUtf8, bytes[3..]), "UTF-8 with BOM", "invalid UTF-8 after a UTF-8 BOM");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Finish(TryDecode(s_strictUtf16Le, bytes[2..]), "UTF-16 LE", "invalid UTF-16 after a UTF-16 LE BOM");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Finish(TryDecode(s_strictUtf16Be, bytes[2..]), "UTF-16 BE", "invalid UTF-16 after a UTF-16 BE BOM");
        }

        if (bytes.Contains((byte)0))
        {
            return DecodedText.Reject(LooksLikeBomlessUtf16(bytes)
                ? "binary: contains NUL bytes (UTF-16 without a BOM is not accepted)"
                : "binary: contains NUL bytes");
        }

        if (TryDecode(s_strictUtf8, bytes) is { } utf8)
        {
            return Finish(utf8, "UTF-8", "undecodable");
        }

        // Damaged UTF-8 (a bad copy, a file rewritten while read) is not legacy Arabic: read as Windows-1256 it would
        // be stored as mojibake. Rejected with where the damage starts, so a person can look (docs/ingestion.md).
        if (Utf8Damage(bytes) is { } damage)
        {
            return DecodedText.Reject($"invalid UTF-8 at byte {damage.FirstOffset} ({damage.Invalid} damaged places in otherwise valid UTF-8): not read as another encoding");
        }

        // Not UTF-8. Windows-1256 maps nearly every byte to something, so only accept it when the result reads as
        // Arabic; otherwise any Latin-1 or binary file would be "decoded" into nonsense.
        if (TryDecode(Windows1256, bytes) is { } legacy && ArabicLetterShare(legacy) >= MinArabicLetterShare)
        {
            return Finish(legacy, "Windows-1256", "undecodable");
        }

        return DecodedText.Reject("undecodable: not valid UTF-8, and not Arabic text in Windows-1256");
    }

    private static DecodedText Finish(string? text, string encodingName, string failure)
    {
        if (text is null)
        {
            return DecodedText.Reject(failure);
        }

        if (IsBlank(text))
        {
            return DecodedText.Reject("empty: the file holds only whitespace");
        }

        var strays = 0;
        var firstStray = '\0';
        foreach (var c in text)
        {
            if (c == '\0')
            {
                return DecodedText.Reject("binary: contains NUL characters");
            }

            if (IsStrayControl(c))
            {
                firstStray = strays++ == 0 ? c : firstStray;
            }
        }

        if (strays == 0)
        {
            return new DecodedText(text, encodingName, null);
        }

        // Scraped news carries the odd stray control character (U+001A where a converter met a byte it could not
        // map): a few in otherwise valid text are dropped and the file imported with a warning. Many mean the
        // bytes are not text.
        if (strays > MaxStrayControls || (strays > 1 && (long)strays * MinCharsPerStrayControl > text.Length))
        {
            return DecodedText.Reject($"binary: contains control character U+{(int)firstStray:X4}");
        }

        var kept = string.Concat(text.Where(c => !IsStrayControl(c)));
        var what = strays == 1 ? $"a stray control character U+{(int)firstStray:X4}" : $"{strays} stray control characters (first U+{(int)firstStray:X4})";
        return new DecodedText(kept, encodingName, null) { Warning = $"warning: dropped {what}" };
    }

    /// <summary>
    /// Where not-quite-UTF-8 breaks, when the file is mostly valid UTF-8: more valid multi-byte sequences than invalid
    /// ones. Windows-1256 Arabic almost never forms a valid multi-byte sequence (its letters are lead bytes followed by
    /// more lead bytes), so real legacy files fall through to the Windows-1256 test.
    /// </summary>
    private static (int FirstOffset, int Invalid)? Utf8Damage(ReadOnlySpan<byte> bytes)
    {
        var valid = 0;
        var invalid = 0;
        var first = -1;
        var previousValid = true;
        for (var i = 0; i < bytes.Length;)
        {
            var status = Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                // A run of bad bytes (a broken lead byte and the stray byte after it) counts as one damage.
                invalid += previousValid ? 1 : 0;
                first = first < 0 ? i : first;
                previousValid = false;
            }
            else
            {
                valid += consumed > 1 ? 1 : 0;
                previousValid = true;
            }

            i += Math.Max(1, consumed);
        }

        return invalid > 0 && valid > invalid ? (first, invalid) : null;
    }

    /// <summary>
    /// Nothing a reader could read: whitespace of any kind (U+00A0, U+2000-200A, U+3000...), invisible format
    /// characters (U+200B-200F, U+2060, U+FEFF, U+061C), marks without a letter (harakat alone) and tatweel.
    /// </summary>
    internal static bool IsBlank(string text)
    {
        foreach (var c in text)
        {
            var blank = char.IsWhiteSpace(c) || c == '\u0640' || char.GetUnicodeCategory(c) is
                System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.EnclosingMark
                or System.Globalization.UnicodeCategory.Control;
            if (!blank)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsStrayControl(char c) => c < '\u0020' && c is not ('\0' or '\t' or '\n' or '\r' or '\f' or '\v');

    private static string? TryDecode(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? DetectMagic(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ? "PNG image"
        : b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "JPEG image"
        : b.StartsWith("GIF8"u8) ? "GIF image"
        : b.StartsWith("%PDF"u8) ? "PDF"
        : b.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) ? "ZIP (or Office document)"
        : null;

    private static bool LooksLikeBomlessUtf16(ReadOnlySpan<byte> b)
    {
        var n = Math.Min(b.Length, 64) & ~1;
        var zerosEven = 0;
        var zerosOdd = 0;
        for (var i = 0; i < n; i++)
        {
            if (b[i] == 0)
            {
                if (i % 2 == 0)
                {
                    zerosEven++;
                }
                else
                {
                    zerosOdd++;
                }
            }
        }

        return n >= 4 && Math.Max(zerosEven, zerosOdd) >= n / 4 && Math.Min(zerosEven, zerosOdd) == 0;
    }

    /// <summary>Arabic letters divided by all letters (0 when there are no letters).</summary>
    internal static double ArabicLetterShare(string text)
    {
        var letters = 0;
        var arabic = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            letters++;
            if (c is (>= '\u0600' and <= '\u06FF') or (>= '\u0750' and <= '\u077F') or (>= '\uFB50' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF'))
            {
                arabic++;
            }
        }

        return letters == 0 ? 0 : (double)arabic / letters;
    }
}
