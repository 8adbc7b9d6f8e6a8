; Inno Setup script (sketch) for Veiligwijzer on Windows.
;
; Build the one-folder app first on a Windows machine, from the repository root:
;   py -3.11 -m venv .venv && .venv\Scripts\pip install -e ".[test]"
;   .venv\Scripts\python -m PyInstaller --noconfirm --clean packaging\veiligwijzer.spec
; then sign the executables (see packaging\README.md) and compile this script:
;   iscc /DAppVersion=0.1.0 packaging\windows\veiligwijzer.iss
; AppVersion must be __version__ from app\__init__.py; the build script passes it.
;
; The installer copies program files only. The worker's store, key file and
; settings live in the user's profile (platformdirs):
;   %LOCALAPPDATA%\veiligwijzer\veiligwijzer.db (+ .keys, demo.db, training.db)
;   %LOCALAPPDATA%\veiligwijzer\settings.json
; Uninstalling never removes them: that is the worker's (or the retention
; procedure's) decision, not the installer's.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z veiligwijzer.iss
#endif

#define AppName "Veiligwijzer"
#define AppExe "veiligwijzer.exe"
#define SourceDir "..\..\dist\veiligwijzer"

[Setup]
; A fixed AppId keeps upgrades in place; never change it.
AppId={{6E0C2C1B-5D1B-4B7E-9F3A-0C5F3A7E2B41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Veiligwijzer
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-machine install by IT (SCCM/Intune run it with /VERYSILENT /NORESTART);
; a user without admin rights can choose a per-user install instead.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=veiligwijzer-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
SetupIconFile=..\..\resources\icons\nl.veiligwijzer.Veiligwijzer.ico
UninstallDisplayIcon={app}\{#AppExe}
; LicenseFile=..\..\LICENSE   (add once the repository has the EUPL-1.2 text)
; Sign the installer and the uninstaller with the municipality's certificate.
; Define the tool in the IDE (Tools > Configure Sign Tools) or on the command line:
;   iscc "/Ssigntool=signtool.exe sign /fd SHA256 /tr http://timestamp.example /td SHA256 /a $f" ...
; SignTool=signtool
; SignedUninstaller=yes

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller folder: veiligwijzer.exe (the app, no console),
; veiligwijzer-cli.exe (the administrator's commands) and _internal\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "nl.veiligwijzer.Veiligwijzer"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [Registry] entries and no update check: the app never connects to the
; network. A new version is a new installer, rolled out by IT.
