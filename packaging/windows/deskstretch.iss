; Inno Setup script for DeskStretch on Windows: a per-user install (no administrator rights), a
; Start-menu entry, and an optional "start at login" choice.
;
; Build (on Windows, after `packaging\build.sh bundle` has made build\pyinstaller\dist\deskstretch):
;   iscc /DAppVersion=X.Y.Z packaging\windows\deskstretch.iss
; CI passes the version read from deskstretch\__init__.py, so it is never written twice.
; The output is dist\DeskStretch-<version>-setup.exe.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\deskstretch.iss
#endif

#define AppName "DeskStretch"
#define AppExe "DeskStretch.exe"
; The app writes the same Run value itself when the user turns "Start at login" on in Preferences
; (deskstretch/platform/autostart.py: RUN_VALUE), so the installer's task and the setting agree.
#define RunValue "DeskStretch"

[Setup]
; a fixed GUID: Windows uses it to recognise upgrades of the same app
AppId={{6F4C1E9A-2B7D-4E3A-9C55-1D8E2F0A7B31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The DeskStretch team
AppPublisherURL=https://github.com/deskstretch/deskstretch
AppSupportURL=https://github.com/deskstretch/deskstretch/issues
; per-user: %LOCALAPPDATA%\Programs\DeskStretch, no UAC prompt
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\..\dist
OutputBaseFilename=DeskStretch-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\deskstretch.ico
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; close a running DeskStretch before replacing its files
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "startatlogin"; Description: "Start {#AppName} when I sign in"; GroupDescription: "Start-up:"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; the PyInstaller one-folder app (console=False on Windows: no console window)
Source: "..\..\build\pyinstaller\dist\deskstretch\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Stretch break reminder"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; start at login: the same per-user Run value the app's own setting manages; removed on uninstall
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#RunValue}"; ValueData: """{app}\{#AppExe}"""; Flags: uninsdeletevalue; Tasks: startatlogin

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; ask a running instance to quit so its files can be removed (ignored when none runs)
Filename: "{app}\{#AppExe}"; Parameters: "quit"; Flags: runhidden skipifdoesntexist; RunOnceId: "QuitDeskStretch"

[Code]
// The app's own "Start at login" setting may have written the Run value even when the installer
// task was not chosen: remove it on uninstall either way, so no dead entry is left behind.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    RegDeleteValue(HKEY_CURRENT_USER, 'Software\Microsoft\Windows\CurrentVersion\Run', '{#RunValue}');
end;
