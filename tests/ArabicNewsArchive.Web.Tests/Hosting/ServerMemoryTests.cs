using ArabicNewsArchive.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace ArabicNewsArchive.Web.Tests.Hosting;

/// <summary>
/// The heap limit is the server process's alone: a test host runs the app inside the test runner, whose heap every
/// other test shares (and the ingest command never calls it: Program.cs returns before).
/// </summary>
public sealed class ServerMemoryTests
{
    [Fact]
    public void ServerMemory_LeavesATestHostsHeapAlone()
    {
        // Huge on purpose: were the guard gone, the limit would be set (and harmless) and the answer not null.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ServerMemory.LimitKey] = "100000" })
            .Build();
        var before = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

        Assert.Null(ServerMemory.Apply(configuration, NullLogger.Instance));
        Assert.Equal(before, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
    }

    [Fact]
    public void ServerMemory_ShipsABound()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .Build();

        Assert.InRange(configuration.GetValue<int>(ServerMemory.LimitKey), 128, 1024);
    }

    [Fact]
    public void ServerMemory_FloorGrowsWithTheSnapshot()
    {
        const ulong mb = 1024 * 1024;

        // A 100k-article snapshot (~69 MB live) is served under the shipped 160 MB; a small archive still gets 64 MB
        // for its pages' garbage; a snapshot four times that size gets room for its reload instead of running out of
        // memory under a fixed limit.
        Assert.Equal(138 * mb, ServerMemory.Floor(69 * mb));
        Assert.Equal(74 * mb, ServerMemory.Floor(10 * mb));
        Assert.True(ServerMemory.Floor(300 * mb) >= 600 * mb);
    }
}
