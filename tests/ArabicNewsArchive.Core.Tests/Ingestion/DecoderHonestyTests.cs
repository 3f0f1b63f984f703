using System.Text;
using ArabicNewsArchive.Ingestion;

namespace ArabicNewsArchive.Tests.Ingestion;

/// <summary>Bytes are what they are: damaged UTF-8 is never "repaired" into mojibake, invisible text is no article.</summary>
public sealed class DecoderHonestyTests
{
    private const string Arabic = "قال الرئيس الروسي فلاديمير بوتين إن العلاقات مع الصين بلغت مستوى غير مسبوق في تاريخها.\n";

    [Fact]
    public void Decode_Utf8WithAFewInvalidBytes_IsRejectedWithTheByteOffset()
    {
        var good = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Arabic, 20)));
        var bytes = good.ToArray();
        // Four stray bytes, as a bad copy leaves them: each breaks one letter's two-byte sequence.
        foreach (var at in new[] { 301, 700, 1001, 1500 })
        {
            bytes[at] = 0xFF;
        }

        var result = TextDecoder.Decode(bytes);

        // Byte 301 continues the letter whose lead byte is at 300: the damaged sequence starts there.
        Assert.Equal(0xC0, good[300] & 0xC0);
        Assert.True(result.IsRejected);
        Assert.Equal("invalid UTF-8 at byte 300 (4 damaged places in otherwise valid UTF-8): not read as another encoding", result.Rejection);
    }

    [Fact]
    public void Decode_Windows1256Arabic_IsStillReadAsSuch()
    {
        var bytes = TextDecoder.Windows1256.GetBytes(Arabic + Arabic);

        var result = TextDecoder.Decode(bytes);

        Assert.Equal("Windows-1256", result.EncodingName);
        Assert.Equal(Arabic + Arabic, result.Text);
    }

    [Theory]
    [InlineData("\u00A0\u00A0\n")]
    [InlineData("\u2003\u2009\u200B\n\u3000")]
    [InlineData("\u200C\u200D\u200E\u200F\uFEFF")]
    [InlineData("\u064E\u064F\u0650\u0651 \u0652\n")]
    [InlineData("\u0640\u0640\u0640")]
    [InlineData(" \u2028\u2029\u2060\u061C ")]
    public void Decode_OnlyUnicodeSpacesAndMarks_IsRejectedAsEmpty(string text)
    {
        var result = TextDecoder.Decode(Encoding.UTF8.GetBytes(text));

        Assert.Equal("empty: the file holds only whitespace", result.Rejection);
    }

    [Fact]
    public void Decode_MarksOnLetters_AreText()
    {
        var result = TextDecoder.Decode(Encoding.UTF8.GetBytes("\u00A0كَتَبَ\u00A0"));

        Assert.False(result.IsRejected);
    }

    [Fact]
    public async Task ReadBytes_FileWhoseSizeDoesNotMatchWhatIsRead_IsRejected()
    {
        // /proc files report a size of 0 and then hold bytes: the same mismatch as a file rewritten while read.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var (bytes, problem) = await IngestionService.ReadBytesAsync("/proc/self/status", CancellationToken.None);

        Assert.Null(bytes);
        Assert.StartsWith("changed while being read (0 bytes, then ", problem);
    }
}
