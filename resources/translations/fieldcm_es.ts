<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="es">
  <context>
    <name>AddendumDialog</name>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="143" />
      <source>Add addendum</source>
      <translation>Añadir adenda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="145" />
      <source>Addendum type</source>
      <translation>Tipo de adenda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="146" />
      <source>Addendum: new information</source>
      <translation>Adenda: información nueva</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="147" />
      <source>Correction of an error</source>
      <translation>Corrección de un error</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="148" />
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="166" />
      <source>Reason</source>
      <translation>Motivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="149" />
      <source>Why this is added now</source>
      <translation>Por qué se añade ahora</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="150" />
      <source>Addendum text</source>
      <translation>Texto de la adenda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="157" />
      <source>The signed note stays exactly as it is. The addendum is signed and dated now, and shown with the note.</source>
      <translation>La nota firmada queda exactamente como está. La adenda se firma y se fecha ahora, y se muestra con la nota.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="165" />
      <source>Type</source>
      <translation>Tipo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="167" />
      <source>Text</source>
      <translation>Texto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="168" />
      <source>Passphrase</source>
      <translation>Frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="178" />
      <source>&amp;Sign addendum</source>
      <translation>&amp;Firmar adenda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="52" />
      <source>Signing message</source>
      <translation>Mensaje de la firma</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="59" />
      <source>Sign</source>
      <translation>Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="60" />
      <source>&amp;Sign</source>
      <translation>&amp;Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="61" />
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="62" />
      <source>Cancel</source>
      <translation>Cancelar</translation>
    </message>
  </context>
  <context>
    <name>CaseloadView</name>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="65" />
      <source>Caseload</source>
      <translation>Casos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="66" />
      <source>Number of clients shown</source>
      <translation>Número de clientes mostrados</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="68" />
      <source>Quick search</source>
      <translation>Búsqueda rápida</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="68" />
      <source>Search clients and notes</source>
      <translation>Buscar clientes y notas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="70" />
      <source>Search clients and notes (Ctrl+F)</source>
      <translation>Buscar clientes y notas (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="74" />
      <source>&amp;Overdue</source>
      <translation>&amp;Atrasados</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="74" />
      <source>Show only overdue clients</source>
      <translation>Mostrar solo clientes atrasados</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="76" />
      <source>&amp;High risk</source>
      <translation>Riesgo a&amp;lto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="76" />
      <source>Show only high-risk clients</source>
      <translation>Mostrar solo clientes de riesgo alto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="81" />
      <source>Caseload table</source>
      <translation>Tabla de casos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="101" />
      <source>Show only:</source>
      <translation>Mostrar solo:</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="115" />
      <source>Search results</source>
      <translation>Resultados de búsqueda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="122" />
      <source>Search status</source>
      <translation>Estado de la búsqueda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="151" />
      <source>{n} clients</source>
      <translation>{n} clientes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="153" />
      <source>{shown} of {n} clients</source>
      <translation>{shown} de {n} clientes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="186" />
      <source>Nothing found for “{query}”.</source>
      <translation>No se encontró nada para «{query}».</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="188" />
      <source>{n} results</source>
      <translation>{n} resultados</translation>
    </message>
  </context>
  <context>
    <name>ClientView</name>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="51" />
      <source>Client name</source>
      <translation>Nombre del cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="53" />
      <source>Client details</source>
      <translation>Datos del cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="54" />
      <source>Risk tier</source>
      <translation>Nivel de riesgo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="78" />
      <source>Choose a client from the caseload.</source>
      <translation>Elija un cliente de la lista de casos.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="101" />
      <source>Safety</source>
      <translation>Seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="103" />
      <source>Safe contact instructions</source>
      <translation>Instrucciones de contacto seguro</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="106" />
      <source>Confidential address: do not share it or write it in notes.</source>
      <translation>Domicilio confidencial: no lo comparta ni lo escriba en las notas.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="109" />
      <source>Confidential address</source>
      <translation>Domicilio confidencial</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="111" />
      <source>Safety plan status</source>
      <translation>Estado del plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="112" />
      <source>Open alerts</source>
      <translation>Alertas abiertas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="120" />
      <location filename="../../fieldcm/ui/client_view.py" line="125" />
      <source>Latest scores</source>
      <translation>Últimas puntuaciones</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="121" />
      <location filename="../../fieldcm/ui/client_view.py" line="127" />
      <source>Next visit</source>
      <translation>Próxima visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="122" />
      <source>Conflicts</source>
      <translation>Conflictos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="133" />
      <source>Note template</source>
      <translation>Plantilla de nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="135" />
      <source>Brief contact</source>
      <translation>Contacto breve</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="138" />
      <source>&amp;New note</source>
      <translation>&amp;Nueva nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="138" />
      <source>New note</source>
      <translation>Nueva nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="139" />
      <source>Start a visit note from the chosen template (Ctrl+N)</source>
      <translation>Empezar una nota de visita con la plantilla elegida (Ctrl+N)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="142" />
      <source>Notes</source>
      <translation>Notas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="143" />
      <source>Template</source>
      <translation>Plantilla</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="147" />
      <source>Notes timeline</source>
      <translation>Historial de notas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="175" />
      <source>Legal name: {name}</source>
      <translation>Nombre legal: {name}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="177" />
      <source>Born {date}</source>
      <translation>Nacimiento: {date}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="180" />
      <source>Risk: {tier}</source>
      <translation>Riesgo: {tier}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="183" />
      <source>Safe contact: {how}</source>
      <translation>Contacto seguro: {how}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="185" />
      <source>No safe-contact instructions recorded.</source>
      <translation>No hay instrucciones de contacto seguro.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="192" />
      <source>Alert: {text}</source>
      <translation>Alerta: {text}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="195" />
      <source>No screenings yet.</source>
      <translation>Aún no hay evaluaciones.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="197" />
      <source>None planned</source>
      <translation>Ninguna prevista</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="202" />
      <source>1 conflicting edit needs a decision.</source>
      <translation>Un cambio en conflicto necesita una decisión.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="203" />
      <source>{n} conflicting edits need a decision.</source>
      <translation>{n} cambios en conflicto necesitan una decisión.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="211" />
      <source>Safety plan: none on file.</source>
      <translation>Plan de seguridad: no hay ninguno.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="213" />
      <source>Safety plan: incomplete ({n} steps missing).</source>
      <translation>Plan de seguridad: incompleto (faltan {n} pasos).</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="218" />
      <source>Safety plan: current (reviewed {date}).</source>
      <translation>Plan de seguridad: vigente (revisado el {date}).</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="219" />
      <source>Safety plan: review due (last reviewed {date}).</source>
      <translation>Plan de seguridad: toca revisarlo (última revisión {date}).</translation>
    </message>
  </context>
  <context>
    <name>Demo</name>
    <message>
      <location filename="../../fieldcm/app.py" line="139" />
      <source>Demo passphrase (synthetic data only): {passphrase}</source>
      <translation>Frase de contraseña de la demostración (solo datos ficticios): {passphrase}</translation>
    </message>
  </context>
  <context>
    <name>DemoLauncher</name>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="55" />
      <source>Creating a synthetic agency (every name is invented)</source>
      <translation>Creando una agencia ficticia (todos los nombres son inventados)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="56" />
      <source>Starting the local server on 127.0.0.1</source>
      <translation>Iniciando el servidor local en 127.0.0.1</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="57" />
      <source>Enrolling this laptop as the demo worker</source>
      <translation>Registrando este portátil como el trabajador de demostración</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="58" />
      <source>Creating the encrypted demo profile</source>
      <translation>Creando el perfil cifrado de demostración</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="59" />
      <source>First sync: downloading the caseload</source>
      <translation>Primera sincronización: descargando los casos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="62" />
      <source>Starting the fieldcm demo</source>
      <translation>Iniciando la demostración de fieldcm</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="64" />
      <source>Demo passphrase (you will need it after locking): {p}</source>
      <translation>Frase de contraseña de la demostración (la necesitará tras bloquear): {p}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="68" />
      <source>Demo passphrase</source>
      <translation>Frase de contraseña de la demostración</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="70" />
      <source>&amp;Quit</source>
      <translation>&amp;Salir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="70" />
      <source>Quit the demo</source>
      <translation>Salir de la demostración</translation>
    </message>
  </context>
  <context>
    <name>FirstRunPage</name>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="146" />
      <source>Agency server address</source>
      <translation>Dirección del servidor de la agencia</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="148" />
      <location filename="../../fieldcm/ui/first_run.py" line="164" />
      <source>Enrollment code</source>
      <translation>Código de registro</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="149" />
      <source>One-time code from your administrator</source>
      <translation>Código de un solo uso de su administrador</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="150" />
      <source>New passphrase</source>
      <translation>Nueva frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="152" />
      <source>Passphrase again</source>
      <translation>Repita la frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="154" />
      <source>Passphrase strength</source>
      <translation>Solidez de la frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="155" />
      <source>&amp;Connect</source>
      <translation>&amp;Conectar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="155" />
      <source>Connect</source>
      <translation>Conectar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="163" />
      <source>Server</source>
      <translation>Servidor</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="165" />
      <source>Passphrase</source>
      <translation>Frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="166" />
      <source>Again</source>
      <translation>Repetir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="173" />
      <source>Connect this laptop</source>
      <translation>Conectar este portátil</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="177" />
      <source>Your administrator gives you the server address and a one-time code. The passphrase protects the caseload on this laptop: 15 characters or more; a few unrelated words work well. It never leaves this laptop.</source>
      <translation>Su administrador le da la dirección del servidor y un código de un solo uso. La frase de contraseña protege los casos en este portátil: 15 caracteres o más; unas cuantas palabras sin relación funcionan bien. Nunca sale de este portátil.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="194" />
      <source>Connecting to the agency server</source>
      <translation>Conectando con el servidor de la agencia</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="195" />
      <source>Creating the encrypted profile</source>
      <translation>Creando el perfil cifrado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="196" />
      <source>Downloading your caseload</source>
      <translation>Descargando sus casos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="212" />
      <source>Choose a passphrase of 15 characters or more.</source>
      <translation>Elija una frase de contraseña de 15 caracteres o más.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="218" />
      <source>The two passphrases differ.</source>
      <translation>Las dos frases de contraseña no coinciden.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="222" />
      <source>Good passphrase ({n} characters).</source>
      <translation>Buena frase de contraseña ({n} caracteres).</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="234" />
      <source>Use at least 15 characters. A few unrelated words work well.</source>
      <translation>Use al menos 15 caracteres. Unas cuantas palabras sin relación funcionan bien.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="235" />
      <source>Use at most 1024 characters.</source>
      <translation>Use como máximo 1024 caracteres.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="237" />
      <source>This is one of the most common passwords. Choose something less predictable.</source>
      <translation>Es una de las contraseñas más comunes. Elija algo menos previsible.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="240" />
      <source>Do not build the passphrase from your name, the agency's or the app's.</source>
      <translation>No forme la frase con su nombre, el de la agencia ni el de la aplicación.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="242" />
      <source>Avoid repeating the same characters or words.</source>
      <translation>Evite repetir los mismos caracteres o palabras.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="243" />
      <source>Avoid runs like abcd, 1234 or qwerty.</source>
      <translation>Evite secuencias como abcd, 1234 o qwerty.</translation>
    </message>
  </context>
  <context>
    <name>LockScreen</name>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="89" />
      <source>fieldcm is locked</source>
      <translation>fieldcm está bloqueado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="91" />
      <location filename="../../fieldcm/ui/lock_screen.py" line="198" />
      <location filename="../../fieldcm/ui/lock_screen.py" line="205" />
      <source>Enter your passphrase to open your caseload.</source>
      <translation>Escriba su frase de contraseña para abrir sus casos.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="94" />
      <location filename="../../fieldcm/ui/lock_screen.py" line="97" />
      <source>Passphrase</source>
      <translation>Frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="94" />
      <source>The passphrase of this laptop</source>
      <translation>La frase de contraseña de este portátil</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="102" />
      <source>&amp;Show passphrase</source>
      <translation>&amp;Mostrar frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="102" />
      <source>Show passphrase</source>
      <translation>Mostrar frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="106" />
      <source>&amp;Unlock</source>
      <translation>&amp;Desbloquear</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="106" />
      <source>Unlock</source>
      <translation>Desbloquear</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="111" />
      <source>Unlock message</source>
      <translation>Mensaje de desbloqueo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="113" />
      <source>Why fieldcm locked</source>
      <translation>Por qué se bloqueó fieldcm</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="116" />
      <source>Demo passphrase</source>
      <translation>Frase de contraseña de la demostración</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/lock_screen.py" line="185" />
      <source>Unlocking…</source>
      <translation>Desbloqueando…</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="70" />
      <source>fieldcm main window</source>
      <translation>Ventana principal de fieldcm</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="141" />
      <source>&amp;Lock</source>
      <translation>&amp;Bloquear</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="142" />
      <source>&amp;Quit</source>
      <translation>&amp;Salir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="143" />
      <source>&amp;Find client or note</source>
      <translation>B&amp;uscar cliente o nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="145" />
      <source>&amp;New note</source>
      <translation>&amp;Nueva nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="147" />
      <source>Go to &amp;caseload</source>
      <translation>Ir a los &amp;casos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="149" />
      <source>Go to the client's &amp;notes</source>
      <translation>Ir a las &amp;notas del cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="152" />
      <source>Show only &amp;overdue</source>
      <translation>Mostrar solo &amp;atrasados</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="155" />
      <source>Show only &amp;high risk</source>
      <translation>Mostrar solo riesgo a&amp;lto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="157" />
      <source>&amp;Sync now</source>
      <translation>&amp;Sincronizar ahora</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="159" />
      <source>&amp;Keyboard shortcuts</source>
      <translation>A&amp;tajos de teclado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="165" />
      <source>&amp;File</source>
      <translation>&amp;Archivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="167" />
      <source>&amp;Clients</source>
      <translation>&amp;Clientes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="177" />
      <source>S&amp;ync</source>
      <translation>Si&amp;ncronizar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="178" />
      <source>&amp;Help</source>
      <translation>A&amp;yuda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="251" />
      <source>Locked after {n} idle minutes.</source>
      <translation>Bloqueado tras {n} minutos sin actividad.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="252" />
      <source>Locked because the computer went to sleep.</source>
      <translation>Bloqueado porque el equipo entró en suspensión.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="253" />
      <source>Locked with the screen.</source>
      <translation>Bloqueado junto con la pantalla.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="258" />
      <source>The agency erased fieldcm's data on this laptop.</source>
      <translation>La agencia borró los datos de fieldcm en este portátil.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="347" />
      <source>(client not in caseload)</source>
      <translation>(cliente fuera de sus casos)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="385" />
      <source>fieldcm</source>
      <translation>fieldcm</translation>
    </message>
  </context>
  <context>
    <name>NoteEditor</name>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="94" />
      <source>Note title</source>
      <translation>Título de la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="95" />
      <source>Client of this note</source>
      <translation>Cliente de esta nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="96" />
      <source>Note status</source>
      <translation>Estado de la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="98" />
      <source>Late entry</source>
      <translation>Registro tardío</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="102" />
      <source>Save state</source>
      <translation>Estado del guardado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="103" />
      <source>&amp;Close</source>
      <translation>&amp;Cerrar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="103" />
      <source>Close note</source>
      <translation>Cerrar la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="104" />
      <source>Back to the client (Esc)</source>
      <translation>Volver al cliente (Esc)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="121" />
      <location filename="../../fieldcm/ui/note_editor.py" line="134" />
      <source>Template</source>
      <translation>Plantilla</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="123" />
      <source>Brief contact</source>
      <translation>Contacto breve</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="138" />
      <source>Before signing</source>
      <translation>Antes de firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="147" />
      <source>Addenda</source>
      <translation>Adendas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="165" />
      <source>Signature</source>
      <translation>Firma</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="166" />
      <source>&amp;Sign…</source>
      <translation>&amp;Firmar…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="166" />
      <source>Sign note</source>
      <translation>Firmar la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="167" />
      <source>Sign with your passphrase (Ctrl+Enter)</source>
      <translation>Firmar con su frase de contraseña (Ctrl+Intro)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="170" />
      <source>Add &amp;addendum…</source>
      <translation>Añadir a&amp;denda…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="170" />
      <source>Add addendum</source>
      <translation>Añadir adenda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="262" />
      <source>{format} note</source>
      <translation>Nota {format}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="264" />
      <source>Brief contact note</source>
      <translation>Nota de contacto breve</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="274" />
      <source>Saved</source>
      <translation>Guardado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="313" />
      <location filename="../../fieldcm/ui/note_editor.py" line="338" />
      <source>Editing…</source>
      <translation>Editando…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="327" />
      <source>Saving…</source>
      <translation>Guardando…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="340" />
      <source>Saved {time}</source>
      <translation>Guardado {time}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="349" />
      <source>Not saved: {why}</source>
      <translation>Sin guardar: {why}</translation>
    </message>
  </context>
  <context>
    <name>NoteForm</name>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="60" />
      <source>Contact type</source>
      <translation>Tipo de contacto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="61" />
      <location filename="../../fieldcm/ui/note_form.py" line="75" />
      <location filename="../../fieldcm/ui/note_form.py" line="142" />
      <source>Choose…</source>
      <translation>Elija…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="63" />
      <source>Home visit</source>
      <translation>Visita a domicilio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="64" />
      <source>Shelter</source>
      <translation>Albergue</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="65" />
      <source>Street outreach</source>
      <translation>Calle</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="66" />
      <source>Office</source>
      <translation>Oficina</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="67" />
      <source>Phone</source>
      <translation>Teléfono</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="68" />
      <source>Telehealth</source>
      <translation>Telesalud</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="69" />
      <source>Collateral contact</source>
      <translation>Contacto colateral</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="72" />
      <source>Location</source>
      <translation>Lugar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="73" />
      <source>e.g. client's apartment</source>
      <translation>p. ej., apartamento del cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="74" />
      <source>Client present</source>
      <translation>Cliente presente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="76" />
      <source>Yes</source>
      <translation>Sí</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="77" />
      <source>No</source>
      <translation>No</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="78" />
      <source>Participants</source>
      <translation>Participantes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="79" />
      <source>Who else took part</source>
      <translation>Quién más participó</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="80" />
      <source>Service code</source>
      <translation>Código de servicio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="85" />
      <source>Linked goal</source>
      <translation>Objetivo vinculado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="86" />
      <source>Payer</source>
      <translation>Pagador</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="87" />
      <source>Service start</source>
      <translation>Inicio del servicio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="88" />
      <source>Service end</source>
      <translation>Fin del servicio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="89" />
      <location filename="../../fieldcm/ui/note_form.py" line="113" />
      <source>Duration</source>
      <translation>Duración</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="90" />
      <location filename="../../fieldcm/ui/note_form.py" line="219" />
      <location filename="../../fieldcm/ui/note_form.py" line="249" />
      <source>Start &amp;visit</source>
      <translation>Iniciar &amp;visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="90" />
      <source>Visit timer</source>
      <translation>Cronómetro de la visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="100" />
      <source>Contact &amp;type</source>
      <translation>&amp;Tipo de contacto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="101" />
      <source>&amp;Location</source>
      <translation>&amp;Lugar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="102" />
      <source>Client &amp;present</source>
      <translation>Cliente &amp;presente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="103" />
      <source>Pa&amp;rticipants</source>
      <translation>Pa&amp;rticipantes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="104" />
      <source>Service &amp;code</source>
      <translation>&amp;Código de servicio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="105" />
      <source>Linked &amp;goal</source>
      <translation>&amp;Objetivo vinculado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="106" />
      <source>Pa&amp;yer</source>
      <translation>Pa&amp;gador</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="107" />
      <source>&amp;Start</source>
      <translation>&amp;Inicio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="108" />
      <source>&amp;End</source>
      <translation>&amp;Fin</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="131" />
      <source>not set</source>
      <translation>sin definir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="145" />
      <source>(goal without a statement)</source>
      <translation>(objetivo sin enunciado)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="149" />
      <source>Default</source>
      <translation>Predeterminado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="170" />
      <source>(goal not on this laptop)</source>
      <translation>(objetivo que no está en este portátil)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="243" />
      <source>Running {clock}</source>
      <translation>En curso {clock}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="244" />
      <source>End &amp;visit</source>
      <translation>Terminar &amp;visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_form.py" line="257" />
      <source>{n} billable units</source>
      <translation>{n} unidades facturables</translation>
    </message>
  </context>
  <context>
    <name>NoteSections</name>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="21" />
      <source>Subjective</source>
      <translation>Subjetivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="22" />
      <source>Objective</source>
      <translation>Objetivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="23" />
      <source>Assessment</source>
      <translation>Valoración</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="24" />
      <source>Plan</source>
      <translation>Plan</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="25" />
      <source>Data</source>
      <translation>Datos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="26" />
      <source>Behavior</source>
      <translation>Conducta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="27" />
      <source>Intervention</source>
      <translation>Intervención</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="28" />
      <source>Response</source>
      <translation>Respuesta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="29" />
      <source>Goal</source>
      <translation>Objetivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="30" />
      <source>Situation</source>
      <translation>Situación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="31" />
      <source>Problem</source>
      <translation>Problema</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="32" />
      <source>Evaluation</source>
      <translation>Evaluación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="33" />
      <source>What happened</source>
      <translation>Qué ocurrió</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="40" />
      <source>What the client said, in their words</source>
      <translation>Lo que dijo el cliente, con sus palabras</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="43" />
      <source>What you observed</source>
      <translation>Lo que usted observó</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="44" />
      <source>What the client said and you observed</source>
      <translation>Lo que dijo el cliente y usted observó</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="45" />
      <source>Your assessment and progress</source>
      <translation>Su valoración y el progreso</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="46" />
      <source>Next steps and the next contact</source>
      <translation>Próximos pasos y próximo contacto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="47" />
      <source>Presentation and behavior</source>
      <translation>Presentación y conducta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="48" />
      <source>What you did</source>
      <translation>Lo que usted hizo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="49" />
      <source>How the client responded</source>
      <translation>Cómo respondió el cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="50" />
      <source>The care-plan goal addressed</source>
      <translation>El objetivo del plan de atención trabajado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_sections.py" line="51" />
      <source>Purpose, what was done, response and next step</source>
      <translation>Propósito, lo que se hizo, respuesta y siguiente paso</translation>
    </message>
  </context>
  <context>
    <name>SetupProgress</name>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="54" />
      <source>Setting up fieldcm</source>
      <translation>Preparando fieldcm</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="64" />
      <source>Setup progress</source>
      <translation>Progreso de la preparación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="67" />
      <source>Setup detail</source>
      <translation>Detalle de la preparación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="68" />
      <source>Setup problem</source>
      <translation>Problema en la preparación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="100" />
      <source>Sending this laptop's edits…</source>
      <translation>Enviando los cambios de este portátil…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="104" />
      <source>{records} records received in {pages} pages · {rate} per second</source>
      <translation>{records} registros recibidos en {pages} páginas · {rate} por segundo</translation>
    </message>
  </context>
  <context>
    <name>ShortcutsDialog</name>
    <message>
      <location filename="../../fieldcm/ui/shortcuts.py" line="14" />
      <location filename="../../fieldcm/ui/shortcuts.py" line="15" />
      <source>Keyboard shortcuts</source>
      <translation>Atajos de teclado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/shortcuts.py" line="26" />
      <source>Sign the open note</source>
      <translation>Firmar la nota abierta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/shortcuts.py" line="27" />
      <source>Save the open note now</source>
      <translation>Guardar ahora la nota abierta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/shortcuts.py" line="28" />
      <source>Close the note / clear the search</source>
      <translation>Cerrar la nota / borrar la búsqueda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/shortcuts.py" line="29" />
      <source>From the search box to the results</source>
      <translation>Del cuadro de búsqueda a los resultados</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/shortcuts.py" line="30" />
      <source>Open the selected client, note or result</source>
      <translation>Abrir el cliente, la nota o el resultado elegido</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/shortcuts.py" line="31" />
      <source>Show or hide the passphrase</source>
      <translation>Mostrar u ocultar la frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/shortcuts.py" line="34" />
      <source>Shortcut list</source>
      <translation>Lista de atajos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/shortcuts.py" line="38" />
      <source>Close</source>
      <translation>Cerrar</translation>
    </message>
  </context>
  <context>
    <name>SignDialog</name>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="119" />
      <source>Sign note</source>
      <translation>Firmar la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="122" />
      <source>Signing as {name}, {credentials}. A signed note cannot be changed; corrections and additions become addenda.</source>
      <translation>Firma como {name}, {credentials}. Una nota firmada no se puede cambiar; las correcciones y los añadidos se hacen como adendas.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="124" />
      <source>(no name)</source>
      <translation>(sin nombre)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="131" />
      <source>Enter your passphrase to sign</source>
      <translation>Escriba su frase de contraseña para firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="49" />
      <source>Passphrase</source>
      <translation>Frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="52" />
      <source>Signing message</source>
      <translation>Mensaje de la firma</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="59" />
      <source>Sign</source>
      <translation>Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="60" />
      <source>&amp;Sign</source>
      <translation>&amp;Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="61" />
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="62" />
      <source>Cancel</source>
      <translation>Cancelar</translation>
    </message>
  </context>
  <context>
    <name>SignInDialog</name>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="166" />
      <location filename="../../fieldcm/ui/status_area.py" line="167" />
      <source>Sign in to the agency server</source>
      <translation>Iniciar sesión en el servidor de la agencia</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="168" />
      <source>Username</source>
      <translation>Usuario</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="169" />
      <source>Password</source>
      <translation>Contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="173" />
      <source>&amp;Username</source>
      <translation>&amp;Usuario</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="174" />
      <source>&amp;Password</source>
      <translation>&amp;Contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="189" />
      <source>This laptop has been offline for a long time. Sign in to sync again.</source>
      <translation>Este portátil lleva mucho tiempo sin conexión. Inicie sesión para volver a sincronizar.</translation>
    </message>
  </context>
  <context>
    <name>StatusArea</name>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="40" />
      <source>Sync state</source>
      <translation>Estado de la sincronización</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="41" />
      <source>Last successful sync</source>
      <translation>Última sincronización correcta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="42" />
      <source>Edits waiting to sync</source>
      <translation>Cambios pendientes de sincronizar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="43" />
      <source>Open conflicts</source>
      <translation>Conflictos abiertos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="46" />
      <source>Needs attention</source>
      <translation>Requiere atención</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="49" />
      <source>Sync progress</source>
      <translation>Progreso de la sincronización</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="54" />
      <source>Sign in…</source>
      <translation>Iniciar sesión…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="54" />
      <source>Sign in to the agency</source>
      <translation>Iniciar sesión en la agencia</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="57" />
      <source>Sync now</source>
      <translation>Sincronizar ahora</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="58" />
      <source>Sync with the agency server (F5)</source>
      <translation>Sincronizar con el servidor de la agencia (F5)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="83" />
      <source>Last sync {when}</source>
      <translation>Última sincronización {when}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="85" />
      <source>Never synced</source>
      <translation>Nunca sincronizado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="88" />
      <source>1 edit waiting</source>
      <translation>1 cambio pendiente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="88" />
      <source>{n} edits waiting</source>
      <translation>{n} cambios pendientes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="90" />
      <source>No edits waiting</source>
      <translation>No hay cambios pendientes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="94" />
      <source>1 conflict</source>
      <translation>1 conflicto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="94" />
      <source>{n} conflicts</source>
      <translation>{n} conflictos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="99" />
      <source>1 needs attention</source>
      <translation>1 requiere atención</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="99" />
      <source>{n} need attention</source>
      <translation>{n} requieren atención</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="115" />
      <source>Syncing… {n} changes received</source>
      <translation>Sincronizando… {n} cambios recibidos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="117" />
      <source>Syncing…</source>
      <translation>Sincronizando…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="119" />
      <source>Sync did not work.</source>
      <translation>La sincronización no funcionó.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="120" />
      <source>● Sync failed: {why}</source>
      <translation>● Falló la sincronización: {why}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="122" />
      <source>● Synced; new edits wait for the next sync</source>
      <translation>● Sincronizado; los cambios nuevos esperan a la próxima sincronización</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="124" />
      <source>● Up to date</source>
      <translation>● Al día</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="126" />
      <source>● Offline: your work is saved on this laptop</source>
      <translation>● Sin conexión: su trabajo está guardado en este portátil</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="129" />
      <source>● Sign in needed before the next sync</source>
      <translation>● Debe iniciar sesión antes de la próxima sincronización</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="130" />
      <source>● Not connected to an agency server</source>
      <translation>● Sin conexión a un servidor de la agencia</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="131" />
      <source>● Not synced yet</source>
      <translation>● Aún sin sincronizar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="140" />
      <source>Conflicts (both versions are kept until someone decides):</source>
      <translation>Conflictos (se guardan las dos versiones hasta que alguien decida):</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="142" />
      <source>{kind}: field “{field}”</source>
      <translation>{kind}: campo «{field}»</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="146" />
      <source>Refused by the server (kept on this laptop):</source>
      <translation>Rechazados por el servidor (se conservan en este portátil):</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="152" />
      <source>Sync details</source>
      <translation>Detalles de la sincronización</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="152" />
      <source>Nothing to decide.</source>
      <translation>No hay nada que decidir.</translation>
    </message>
  </context>
  <context>
    <name>_PassphraseDialog</name>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="49" />
      <source>Passphrase</source>
      <translation>Frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="52" />
      <source>Signing message</source>
      <translation>Mensaje de la firma</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="59" />
      <source>Sign</source>
      <translation>Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="60" />
      <source>&amp;Sign</source>
      <translation>&amp;Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="61" />
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="62" />
      <source>Cancel</source>
      <translation>Cancelar</translation>
    </message>
  </context>
  <context>
    <name>Formatting</name>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="88" />
      <source>(no name)</source>
      <translation>(sin nombre)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="112" />
      <location filename="../../fieldcm/ui/search_model.py" line="43" />
      <source>Client</source>
      <translation>Cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="113" />
      <source>Risk</source>
      <translation>Riesgo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="114" />
      <source>Last contact</source>
      <translation>Último contacto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="115" />
      <source>Next contact due</source>
      <translation>Próximo contacto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="116" />
      <source>Flags</source>
      <translation>Alertas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="187" />
      <source>never</source>
      <translation>nunca</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="199" />
      <source>Overdue: never seen</source>
      <translation>Atrasado: nunca visto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="202" />
      <source>1 day overdue</source>
      <translation>1 día de atraso</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="202" />
      <source>{n} days overdue</source>
      <translation>{n} días de atraso</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="205" />
      <source>Visit {when}</source>
      <translation>Visita {when}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="207" />
      <source>Due {when}</source>
      <translation>Vence {when}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="18" />
      <source>High</source>
      <translation>Alto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="18" />
      <source>Moderate</source>
      <translation>Moderado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="18" />
      <source>Low</source>
      <translation>Bajo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="19" />
      <source>Not set</source>
      <translation>Sin definir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="62" />
      <source>today</source>
      <translation>hoy</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="64" />
      <source>tomorrow</source>
      <translation>mañana</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="66" />
      <source>yesterday</source>
      <translation>ayer</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="68" />
      <source>in {n} days</source>
      <translation>en {n} días</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="69" />
      <source>{n} days ago</source>
      <translation>hace {n} días</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="82" />
      <source>{h} h {m} min</source>
      <translation>{h} h {m} min</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="83" />
      <source>{m} min</source>
      <translation>{m} min</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/search_model.py" line="44" />
      <source>Note</source>
      <translation>Nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/search_model.py" line="45" />
      <location filename="../../fieldcm/ui/timeline_model.py" line="35" />
      <source>Addendum</source>
      <translation>Adenda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/search_model.py" line="46" />
      <source>Goal</source>
      <translation>Objetivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/search_model.py" line="47" />
      <source>Contact</source>
      <translation>Contacto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/search_model.py" line="48" />
      <source>Referral</source>
      <translation>Derivación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/search_model.py" line="49" />
      <source>Task</source>
      <translation>Tarea</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/timeline_model.py" line="29" />
      <source>Late entry</source>
      <translation>Registro tardío</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/timeline_model.py" line="35" />
      <source>Correction</source>
      <translation>Corrección</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/timeline_model.py" line="37" />
      <source>Brief contact</source>
      <translation>Contacto breve</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/timeline_model.py" line="38" />
      <source>{format} note</source>
      <translation>Nota {format}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/timeline_model.py" line="70" />
      <source>When</source>
      <translation>Cuándo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/timeline_model.py" line="71" />
      <source>Type</source>
      <translation>Tipo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/timeline_model.py" line="72" />
      <source>Status</source>
      <translation>Estado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/timeline_model.py" line="73" />
      <source>Summary</source>
      <translation>Resumen</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/timeline_model.py" line="95" />
      <source>no time yet</source>
      <translation>sin hora aún</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/timeline_model.py" line="100" />
      <source>(nothing written yet)</source>
      <translation>(aún no hay nada escrito)</translation>
    </message>
  </context>
  <context>
    <name>Messages</name>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="42" />
      <source>Try again in 1 second.</source>
      <translation>Vuelva a intentarlo en 1 segundo.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="43" />
      <source>Try again in {n} seconds.</source>
      <translation>Vuelva a intentarlo en {n} segundos.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="47" />
      <source>That passphrase is not right. Check Caps Lock and try again.</source>
      <translation>Esa frase de contraseña no es correcta. Revise Bloq Mayús e inténtelo de nuevo.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="49" />
      <source>{n} more wrong tries will disable unlock on this laptop.</source>
      <translation>{n} intentos fallidos más desactivarán el desbloqueo en este portátil.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="60" />
      <source>Too many wrong passphrases.</source>
      <translation>Demasiadas frases de contraseña incorrectas.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="62" />
      <source>fieldcm is locked. Unlock it with your passphrase.</source>
      <translation>fieldcm está bloqueado. Desbloquéelo con su frase de contraseña.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="64" />
      <source>The note is not complete yet:</source>
      <translation>La nota aún no está completa:</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="68" />
      <source>No connection to the agency server. Your work is saved on this laptop and will sync when you are back online.</source>
      <translation>No hay conexión con el servidor de la agencia. Su trabajo está guardado en este portátil y se sincronizará cuando vuelva a tener conexión.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="87" />
      <source>Something went wrong inside fieldcm. Your saved work is safe. Please tell your IT contact what you were doing.</source>
      <translation>Algo falló dentro de fieldcm. Su trabajo guardado está a salvo. Cuente a su contacto de informática qué estaba haciendo.</translation>
    </message>
  </context>
  <context>
    <name>NoteTexts</name>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="40" />
      <source>add the start time</source>
      <translation>añada la hora de inicio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="41" />
      <source>add the stop time</source>
      <translation>añada la hora de fin</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="42" />
      <source>add where the service took place</source>
      <translation>añada dónde tuvo lugar el servicio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="43" />
      <source>choose the contact type (home, shelter, street, phone…)</source>
      <translation>elija el tipo de contacto (domicilio, albergue, calle, teléfono…)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="44" />
      <source>say whether the client was present</source>
      <translation>indique si el cliente estuvo presente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="45" />
      <source>name who took part</source>
      <translation>indique quién participó</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="46" />
      <source>choose a service code</source>
      <translation>elija un código de servicio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="47" />
      <source>link at least one care-plan goal</source>
      <translation>vincule al menos un objetivo del plan de atención</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="48" />
      <source>fill in every section of the note</source>
      <translation>complete todas las secciones de la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="49" />
      <source>your credentials are missing from your profile</source>
      <translation>faltan sus credenciales en su perfil</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="52" />
      <source>the stop time must be after the start</source>
      <translation>la hora de fin debe ser posterior al inicio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="53" />
      <source>a single service cannot last more than 24 hours</source>
      <translation>un servicio no puede durar más de 24 horas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="54" />
      <source>a service cannot be signed before it ends</source>
      <translation>no se puede firmar un servicio antes de que termine</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="80" />
      <source>Signing now labels this note a late entry (the service ended {when}).</source>
      <translation>Si firma ahora, la nota quedará como registro tardío (el servicio terminó el {when}).</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="91" />
      <source>Default</source>
      <translation>Predeterminado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="93" />
      <source>Before you can sign ({payer}):</source>
      <translation>Antes de poder firmar ({payer}):</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="96" />
      <source>Ready to sign ({payer}).</source>
      <translation>Lista para firmar ({payer}).</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="105" />
      <location filename="../../fieldcm/ui/timeline_model.py" line="26" />
      <source>Draft</source>
      <translation>Borrador</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="105" />
      <location filename="../../fieldcm/ui/timeline_model.py" line="26" />
      <source>Signed</source>
      <translation>Firmada</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="105" />
      <location filename="../../fieldcm/ui/timeline_model.py" line="26" />
      <source>Co-signed</source>
      <translation>Cofirmada</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="114" />
      <source>Signed by {name}, {credentials} on {when}</source>
      <translation>Firmada por {name}, {credentials}, el {when}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="115" />
      <source>Co-signed by {name}, {credentials} on {when}</source>
      <translation>Cofirmada por {name}, {credentials}, el {when}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="124" />
      <source>Late entry: service on {when}, documented later.</source>
      <translation>Registro tardío: servicio del {when}, documentado después.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="132" />
      <source>Draft: saved on this laptop as you type. Signing makes it final.</source>
      <translation>Borrador: se guarda en este portátil mientras escribe. Al firmarla queda definitiva.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="143" />
      <source>An addendum on this laptop could not be read.</source>
      <translation>No se pudo leer una adenda de este portátil.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_texts.py" line="146" />
      <source>Reason: {reason}</source>
      <translation>Motivo: {reason}</translation>
    </message>
  </context>
</TS>