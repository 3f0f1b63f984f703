using ArabicNewsArchive.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ArabicNewsArchive.Web.Tests.Accounts;

/// <summary>The <c>users</c> command over a real Identity store in a temp SQLite file.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private const string StrongPassword = "Strong-password-7";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-users-" + Guid.NewGuid().ToString("N"));

    public UsersCommandTests() => Directory.CreateDirectory(_folder);

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "archive.db")};Pooling=False";

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(int Code, string Output, string Errors)> RunAsync(string? password, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await UsersCommand.RunAsync(args, ConnectionString, password, _ => null, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Users_AddListRemove()
    {
        var added = await RunAsync(StrongPassword, "add", "amal", "--role", "admin");
        var second = await RunAsync(StrongPassword, "add", "basel", "--role", "curator");
        var listed = await RunAsync(null, "list");
        var removed = await RunAsync(null, "remove", "amal");
        var after = await RunAsync(null, "list");

        Assert.Equal((0, "added amal (admin)\n"), (added.Code, added.Output));
        Assert.Equal(0, second.Code);
        Assert.Equal((0, "amal\tadmin\nbasel\tcurator\ntotal: 2 accounts\n"), (listed.Code, listed.Output));
        Assert.Equal((0, "removed amal\n"), (removed.Code, removed.Output));
        Assert.Equal("basel\tcurator\ntotal: 1 accounts\n", after.Output);
    }

    [Fact]
    public async Task Users_Add_StoresAPasswordIdentityAccepts()
    {
        await RunAsync(StrongPassword, "add", "amal", "--role", "curator");

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAccountsStore(ConnectionString);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.FindByNameAsync("amal");
        Assert.NotNull(user);
        Assert.True(await users.CheckPasswordAsync(user, StrongPassword));
        Assert.False(await users.CheckPasswordAsync(user, "Strong-password-8"));
        Assert.Equal([ArchiveRoles.Curator], await users.GetRolesAsync(user));
    }

    [Fact]
    public async Task Users_Add_WithoutPassword_RefusesAndCreatesNothing()
    {
        var (code, _, errors) = await RunAsync(null, "add", "amal", "--role", "admin");
        var listed = await RunAsync(null, "list");

        Assert.Equal(1, code);
        Assert.Contains("no password given: set ARCHIVE_PASSWORD", errors);
        Assert.Equal("total: 0 accounts\n", listed.Output);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short-1A")]
    [InlineData("alllowercase-but-long")]
    public async Task Users_Add_WeakOrEmptyPassword_RefusedWithTheRules(string password)
    {
        var (code, _, errors) = await RunAsync(password, "add", "amal", "--role", "admin");
        var listed = await RunAsync(null, "list");

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", errors);
        Assert.Equal("total: 0 accounts\n", listed.Output);
    }

    [Fact]
    public async Task Users_Add_ShortPassword_SaysHowLongItMustBe()
    {
        var (_, _, errors) = await RunAsync("Sh0rt-pw", "add", "amal", "--role", "admin");

        Assert.Contains($"at least {AccountsSetup.MinPasswordLength} characters", errors);
    }

    [Fact]
    public async Task Users_Add_UnknownRole_IsAUsageError()
    {
        var (code, _, errors) = await RunAsync(StrongPassword, "add", "amal", "--role", "editor");

        Assert.Equal(2, code);
        Assert.Contains("unknown role 'editor'", errors);
    }

    [Fact]
    public async Task Users_Add_TakenName_Refused()
    {
        await RunAsync(StrongPassword, "add", "amal", "--role", "admin");

        var (code, _, errors) = await RunAsync(StrongPassword, "add", "amal", "--role", "curator");

        Assert.Equal(1, code);
        Assert.Contains("exists already", errors);
    }

    [Fact]
    public async Task Users_RemoveUnknown_Refused()
    {
        var (code, _, errors) = await RunAsync(null, "remove", "nobody");

        Assert.Equal(1, code);
        Assert.Contains("no account is called 'nobody'", errors);
    }

    [Theory]
    [InlineData]
    [InlineData("add", "amal")]
    [InlineData("add", "amal", "--role")]
    [InlineData("delete", "amal")]
    public async Task Users_BadArguments_PrintUsage(params string[] args)
    {
        var (code, _, errors) = await RunAsync(StrongPassword, args);

        Assert.Equal(2, code);
        Assert.StartsWith("usage: users add NAME --role curator|admin", errors);
    }
}
