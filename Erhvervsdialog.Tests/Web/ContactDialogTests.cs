using System.Security.Claims;
using Bunit;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Erhvervsdialog.Web.Components.Account;
using Erhvervsdialog.Web.Components.Pages.Contacts;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Erhvervsdialog.Tests.Web;

/// <summary>The contact form in its dialog, on real SQLite: server messages at the fields, and a saved contact.</summary>
public class ContactDialogTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private readonly BunitContext _ctx = new();
    private IRenderedComponent<MudDialogProvider> _provider = default!;
    private int _companyId;
    private int _unitId;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var worker = await _db.CreateUserAsync("lærke", Roles.CaseWorker);
        _unitId = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand
        {
            Name = "Byggeri", ShortName = "BYG", Topics = ["byggetilladelse"], Members = [new UnitMemberInput(worker.UserId, false)],
        }, admin)).Id;
        _companyId = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, admin)).Id;

        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        foreach (var type in new[] { typeof(SaveContact), typeof(ListUnits), typeof(ListUsers), typeof(SearchCompanies), typeof(GetCompany) })
        {
            _ctx.Services.AddSingleton(type, _db.Services.GetRequiredService(type));
        }
        _ctx.Services.AddSingleton<TimeProvider>(_db.Clock);
        _ctx.Services.AddScoped<CurrentUser>();
        _ctx.AddAuthorization().SetAuthorized("lærke").SetRoles(Roles.CaseWorker)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, worker.UserId));
        _ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _ctx.Render<MudPopoverProvider>();
        _provider = _ctx.Render<MudDialogProvider>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<IDialogReference> OpenAsync(DialogParameters<EditContactDialog> parameters)
    {
        var dialogs = _ctx.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await _provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<EditContactDialog>("Ny henvendelse", parameters));
        _provider.WaitForElement("[data-testid=save-contact]");
        return reference!;
    }

    [Fact]
    public async Task Save_WithoutCompany_MessageAtCompanyField_NothingSaved()
    {
        await OpenAsync([]);

        _provider.Find("[data-testid=save-contact]").Click();

        _provider.WaitForAssertion(() =>
        {
            var field = _provider.Find("#contact-company").Closest(".mud-input-control")!;
            Assert.Equal("Vælg en virksomhed.", field.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim());
        });
        await using var db = _db.CreateContext();
        Assert.Equal(0, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task Save_FromCompanyPage_DefaultsToOwnUnitAndNow_AndIsSaved()
    {
        var reference = await OpenAsync(new DialogParameters<EditContactDialog> { { d => d.CompanyId, _companyId } });

        _provider.Find("#contact-summary").Input("Spurgte til byggetilladelse");
        _provider.Find("[data-testid=save-contact]").Click();

        var result = await reference.Result.Within("the contact dialog closing after Save");
        Assert.False(result!.Canceled);
        await using var db = _db.CreateContext();
        var contact = await db.Contacts.SingleAsync();
        Assert.Equal(_companyId, contact.CompanyId);
        Assert.Equal(_unitId, contact.UnitId);
        Assert.Equal("Spurgte til byggetilladelse", contact.Summary);
        Assert.True(contact.SurveyAllowed);
        Assert.Equal(ContactStatus.Open, contact.Status);
        var now = _db.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(contact.OccurredAt, now.AddMinutes(-1), now);
    }
}
