using ArabicNewsArchive.Dates;
using Xunit.Abstractions;

namespace ArabicNewsArchive.Tests.Dates;

public sealed class SeedDateProbe(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        var inference = new PublicationDateInference(DatedEventCatalog.Load(SeedFiles.Reference("dated-events.yaml")));
        foreach (var (id, text) in SeedFiles.Seeds)
        {
            var r = inference.Infer(text);
            output.WriteLine($"== {id}: {r.Fact.Published} {r.Fact.Precision} [{r.Earliest}..{r.Latest}] n={r.CandidateCount}");
            foreach (var e in r.Expressions)
            {
                output.WriteLine($"   expr {e.Kind} [{e.Start},{e.End}) '{e.Text}' → {e.Meaning} ({e.Tense})");
            }

            foreach (var e in r.Fact.Evidence)
            {
                output.WriteLine($"   EVID '{e.Text}' → {e.Meaning}");
            }
        }
    }
}
