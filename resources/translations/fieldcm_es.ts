<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="es">
  <context>
    <name>AddendumDialog</name>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="150" />
      <source>Add addendum</source>
      <translation>Añadir adenda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="152" />
      <source>Addendum type</source>
      <translation>Tipo de adenda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="153" />
      <source>Addendum: new information</source>
      <translation>Adenda: información nueva</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="154" />
      <source>Correction of an error</source>
      <translation>Corrección de un error</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="155" />
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="173" />
      <source>Reason</source>
      <translation>Motivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="156" />
      <source>Why this is added now</source>
      <translation>Por qué se añade ahora</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="157" />
      <source>Addendum text</source>
      <translation>Texto de la adenda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="164" />
      <source>The signed note stays exactly as it is. The addendum is signed and dated now, and shown with the note.</source>
      <translation>La nota firmada queda exactamente como está. La adenda se firma y se fecha ahora, y se muestra con la nota.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="172" />
      <source>Type</source>
      <translation>Tipo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="174" />
      <source>Text</source>
      <translation>Texto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="175" />
      <source>Passphrase</source>
      <translation>Frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="185" />
      <source>&amp;Sign addendum</source>
      <translation>&amp;Firmar adenda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="53" />
      <source>Signing message</source>
      <translation>Mensaje de la firma</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="60" />
      <source>Sign</source>
      <translation>Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="61" />
      <source>&amp;Sign</source>
      <translation>&amp;Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="62" />
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="63" />
      <source>Cancel</source>
      <translation>Cancelar</translation>
    </message>
  </context>
  <context>
    <name>AttachmentViewer</name>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="100" />
      <source>Attachment</source>
      <translation>Adjunto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="101" />
      <source>Attachment viewer</source>
      <translation>Visor de adjuntos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="106" />
      <source>File name</source>
      <translation>Nombre del archivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="107" />
      <source>Decrypting…</source>
      <translation>Descifrando…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="107" />
      <source>File details</source>
      <translation>Detalles del archivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="108" />
      <source>Preview message</source>
      <translation>Mensaje de vista previa</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="110" />
      <source>Image</source>
      <translation>Imagen</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="115" />
      <source>Text of the file</source>
      <translation>Texto del archivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="124" />
      <source>Close the attachment</source>
      <translation>Cerrar el adjunto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="138" />
      <source>(no name)</source>
      <translation>(sin nombre)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="149" />
      <source>This image is damaged or in a format fieldcm cannot show.</source>
      <translation>Esta imagen está dañada o en un formato que fieldcm no puede mostrar.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="157" />
      <source>This file can't be previewed on this laptop. fieldcm only opens images and plain text, and never hands a client's documents to other programs. View it on an agency computer.</source>
      <translation>Este archivo no se puede ver en esta computadora. fieldcm solo abre imágenes y texto simple, y nunca entrega los documentos de un cliente a otros programas. Véalo en una computadora de la agencia.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachment_viewer.py" line="166" />
      <source>This file is too large to preview on this laptop.</source>
      <translation>Este archivo es demasiado grande para verlo en esta computadora.</translation>
    </message>
  </context>
  <context>
    <name>AttentionModel</name>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="103" />
      <source>Client</source>
      <translation>Cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="103" />
      <source>Edit</source>
      <translation>Cambio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="103" />
      <source>Made</source>
      <translation>Hecho</translation>
    </message>
  </context>
  <context>
    <name>AttentionView</name>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="154" />
      <location filename="../../fieldcm/ui/attention_view.py" line="162" />
      <source>Edits that need attention</source>
      <translation>Cambios que necesitan atención</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="165" />
      <source>The agency server refused these edits. They are still kept on this laptop. Correct one and send it again, or discard it.</source>
      <translation>El servidor de la agencia rechazó estos cambios. Siguen guardados en esta computadora. Corrija uno y envíelo de nuevo, o descártelo.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="177" />
      <source>Refused edits</source>
      <translation>Cambios rechazados</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="187" />
      <source>Nothing needs attention. Every edit was accepted.</source>
      <translation>Nada necesita atención. Se aceptaron todos los cambios.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="206" />
      <source>Refused edit</source>
      <translation>Cambio rechazado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="207" />
      <location filename="../../fieldcm/ui/attention_view.py" line="208" />
      <source>Why it was refused</source>
      <translation>Por qué se rechazó</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="211" />
      <source>What the edit says (correct it here)</source>
      <translation>Lo que dice el cambio (corríjalo aquí)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="222" />
      <source>&amp;Correct and send again</source>
      <translation>&amp;Corregir y enviar de nuevo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="222" />
      <source>Correct and send again</source>
      <translation>Corregir y enviar de nuevo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="224" />
      <source>&amp;Discard…</source>
      <translation>&amp;Descartar…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="224" />
      <source>Discard</source>
      <translation>Descartar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="288" />
      <source>{n} later edits of this record wait behind it.</source>
      <translation>{n} cambios posteriores de este registro esperan detrás.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="346" />
      <source>Discard this edit?</source>
      <translation>¿Descartar este cambio?</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="364" />
      <source>This cannot be undone. {n} unsent edit(s) of this record will be lost:</source>
      <translation>Esto no se puede deshacer. Se perderán {n} cambio(s) no enviado(s) de este registro:</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="370" />
      <source>• The whole new record ({what}) is removed: the server never had it.</source>
      <translation>• Se elimina todo el registro nuevo ({what}): el servidor nunca lo tuvo.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="374" />
      <source>• The deletion is undone: the record comes back.</source>
      <translation>• Se deshace la eliminación: el registro vuelve.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="378" />
      <source>• {field}: “{unsent}” goes back to “{server}”.</source>
      <translation>• {field}: «{unsent}» vuelve a «{server}».</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="401" />
      <source>Needs attention</source>
      <translation>Necesita atención</translation>
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
      <location filename="../../fieldcm/ui/caseload_view.py" line="78" />
      <source>M&amp;ine</source>
      <translation>&amp;Míos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="78" />
      <source>Show only clients assigned to me</source>
      <translation>Mostrar solo los clientes asignados a mí</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="84" />
      <source>Caseload table</source>
      <translation>Tabla de casos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="106" />
      <source>Show only:</source>
      <translation>Mostrar solo:</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="121" />
      <source>Search results</source>
      <translation>Resultados de búsqueda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="128" />
      <source>Search status</source>
      <translation>Estado de la búsqueda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="159" />
      <source>{n} clients, all assigned to you</source>
      <translation>{n} clientes, todos asignados a usted</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="161" />
      <source>{n} clients</source>
      <translation>{n} clientes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="157" />
      <source>{shown} of {n} clients</source>
      <translation>{shown} de {n} clientes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="179" />
      <source>Show only clients assigned to you (Alt+I)</source>
      <translation>Mostrar solo los clientes asignados a usted (Alt+I)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="184" />
      <source>This laptop is not told which of your team's clients are assigned to you, so it cannot filter them yet.</source>
      <translation>Esta computadora no recibe qué clientes del equipo están asignados a usted, así que aún no puede filtrarlos.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="219" />
      <source>Nothing found for “{query}”.</source>
      <translation>No se encontró nada para «{query}».</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_view.py" line="221" />
      <source>{n} results</source>
      <translation>{n} resultados</translation>
    </message>
  </context>
  <context>
    <name>ClientView</name>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="83" />
      <source>Client name</source>
      <translation>Nombre del cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="85" />
      <source>Client details</source>
      <translation>Datos del cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="86" />
      <source>Risk tier</source>
      <translation>Nivel de riesgo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="102" />
      <source>Client record sections</source>
      <translation>Secciones del expediente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="118" />
      <source>Choose a client from the caseload.</source>
      <translation>Elija un cliente de la lista de casos.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="140" />
      <source>Safety</source>
      <translation>Seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="142" />
      <source>Safe contact instructions</source>
      <translation>Instrucciones de contacto seguro</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="145" />
      <source>Confidential address: do not share it or write it in notes.</source>
      <translation>Domicilio confidencial: no lo comparta ni lo escriba en las notas.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="148" />
      <source>Confidential address</source>
      <translation>Domicilio confidencial</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="150" />
      <source>Safety plan status</source>
      <translation>Estado del plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="151" />
      <source>Open alerts</source>
      <translation>Alertas abiertas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="159" />
      <location filename="../../fieldcm/ui/client_view.py" line="164" />
      <source>Latest scores</source>
      <translation>Últimas puntuaciones</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="160" />
      <location filename="../../fieldcm/ui/client_view.py" line="166" />
      <source>Next visit</source>
      <translation>Próxima visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="161" />
      <source>Conflicts</source>
      <translation>Conflictos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="173" />
      <source>Safety &amp;plan</source>
      <translation>&amp;Plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="173" />
      <source>Open the safety plan</source>
      <translation>Abrir el plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="177" />
      <source>Sc&amp;reening…</source>
      <translation>Ev&amp;aluación…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="178" />
      <source>Start a screening</source>
      <translation>Iniciar una evaluación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="179" />
      <source>PHQ-9, GAD-7 or C-SSRS</source>
      <translation>PHQ-9, GAD-7 o C-SSRS</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="183" />
      <source>PHQ-9 (depression)</source>
      <translation>PHQ-9 (depresión)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="184" />
      <source>GAD-7 (anxiety)</source>
      <translation>GAD-7 (ansiedad)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="185" />
      <source>C-SSRS (suicide risk screen)</source>
      <translation>C-SSRS (evaluación de riesgo suicida)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="194" />
      <source>Chec&amp;k out for visit</source>
      <translation>Re&amp;gistrar salida a visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="195" />
      <source>Check out for a field visit</source>
      <translation>Registrar la salida a una visita de campo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="196" />
      <source>Tell the office where you are going and when you expect to be back</source>
      <translation>Avise a la oficina adónde va y cuándo espera volver</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="208" />
      <source>Note template</source>
      <translation>Plantilla de nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="210" />
      <source>Brief contact</source>
      <translation>Contacto breve</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="213" />
      <source>&amp;New note</source>
      <translation>&amp;Nueva nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="213" />
      <source>New note</source>
      <translation>Nueva nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="214" />
      <source>Start a visit note from the chosen template (Ctrl+N)</source>
      <translation>Empezar una nota de visita con la plantilla elegida (Ctrl+N)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="218" />
      <source>Template</source>
      <translation>Plantilla</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="222" />
      <source>Notes timeline</source>
      <translation>Historial de notas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="233" />
      <source>Contacts and releases of information</source>
      <translation>Contactos y autorizaciones de divulgación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="237" />
      <source>Copy phone (Ctrl+C)</source>
      <translation>Copiar teléfono (Ctrl+C)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="238" />
      <source>Copy the phone number</source>
      <translation>Copiar el número de teléfono</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="239" />
      <source>The number is cleared from the clipboard after 10 seconds</source>
      <translation>El número se borra del portapapeles después de 10 segundos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="245" />
      <source>No contacts recorded.</source>
      <translation>No hay contactos registrados.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="247" />
      <source>Share information only with contacts whose release is valid.</source>
      <translation>Comparta información solo con contactos cuya autorización esté vigente.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="257" />
      <source>Attachments</source>
      <translation>Adjuntos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="263" />
      <source>Open (Enter)</source>
      <translation>Abrir (Intro)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="263" />
      <source>Open the attachment</source>
      <translation>Abrir el adjunto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="268" />
      <source>No attachments.</source>
      <translation>No hay adjuntos.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="270" />
      <source>Files open inside fieldcm only; they stay encrypted on this laptop.</source>
      <translation>Los archivos solo se abren dentro de fieldcm; siguen cifrados en esta computadora.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="303" />
      <source>Legal name: {name}</source>
      <translation>Nombre legal: {name}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="305" />
      <source>Born {date}</source>
      <translation>Nacimiento: {date}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="308" />
      <source>Risk: {tier}</source>
      <translation>Riesgo: {tier}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="311" />
      <source>Safe contact: {how}</source>
      <translation>Contacto seguro: {how}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="313" />
      <source>No safe-contact instructions recorded.</source>
      <translation>No hay instrucciones de contacto seguro.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="320" />
      <source>Alert: {text}</source>
      <translation>Alerta: {text}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="323" />
      <source>No screenings yet.</source>
      <translation>Aún no hay evaluaciones.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="325" />
      <source>None planned</source>
      <translation>Ninguna prevista</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="330" />
      <source>1 conflicting edit needs a decision.</source>
      <translation>Un cambio en conflicto necesita una decisión.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="331" />
      <source>{n} conflicting edits need a decision.</source>
      <translation>{n} cambios en conflicto necesitan una decisión.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="344" />
      <source>Not&amp;es ({n})</source>
      <translation>Not&amp;as ({n})</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="345" />
      <source>Contac&amp;ts ({n})</source>
      <translation>Contac&amp;tos ({n})</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="346" />
      <source>Attach&amp;ments ({n})</source>
      <translation>Ad&amp;juntos ({n})</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="356" />
      <source>Safety plan: none on file.</source>
      <translation>Plan de seguridad: no hay ninguno.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="358" />
      <source>Safety plan: incomplete ({n} steps missing).</source>
      <translation>Plan de seguridad: incompleto (faltan {n} pasos).</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="363" />
      <source>Safety plan: current (reviewed {date}).</source>
      <translation>Plan de seguridad: vigente (revisado el {date}).</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/client_view.py" line="364" />
      <source>Safety plan: review due (last reviewed {date}).</source>
      <translation>Plan de seguridad: toca revisarlo (última revisión {date}).</translation>
    </message>
  </context>
  <context>
    <name>ClipboardGuard</name>
    <message>
      <location filename="../../fieldcm/ui/clipboard_guard.py" line="124" />
      <source>Copy (cleared after 10 seconds)</source>
      <translation>Copiar (se borra después de 10 segundos)</translation>
    </message>
  </context>
  <context>
    <name>ConflictsView</name>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="89" />
      <location filename="../../fieldcm/ui/conflicts_view.py" line="97" />
      <source>Conflicts to decide</source>
      <translation>Conflictos por decidir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="100" />
      <source>The same thing was changed in two places before they could sync. Both versions are kept until you choose one. Your choice works offline and syncs by itself.</source>
      <translation>Lo mismo se cambió en dos lugares antes de que pudieran sincronizarse. Se guardan ambas versiones hasta que elija una. Su elección funciona sin conexión y se sincroniza sola.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="113" />
      <source>Open conflicts</source>
      <translation>Conflictos abiertos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="124" />
      <source>No conflicts. Nothing needs a decision.</source>
      <translation>No hay conflictos. Nada necesita una decisión.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="146" />
      <source>Conflict</source>
      <translation>Conflicto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="149" />
      <source>This client is no longer on this laptop. Your choice is kept here; the server keeps its own copy.</source>
      <translation>Este cliente ya no está en esta computadora. Su elección se guarda aquí; el servidor conserva su propia copia.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="155" />
      <source>Before either change</source>
      <translation>Antes de ambos cambios</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="156" />
      <source>Mine</source>
      <translation>Mía</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="157" />
      <source>Theirs</source>
      <translation>De la otra persona</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="158" />
      <source>Keep &amp;mine</source>
      <translation>Conservar la &amp;mía</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="158" />
      <source>Keep mine</source>
      <translation>Conservar la mía</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="159" />
      <source>Keep &amp;theirs</source>
      <translation>Conservar la de la &amp;otra persona</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="159" />
      <source>Keep theirs</source>
      <translation>Conservar la de la otra persona</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="161" />
      <source>&amp;Edit a merged version</source>
      <translation>&amp;Editar una versión combinada</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="161" />
      <source>Edit a merged version</source>
      <translation>Editar una versión combinada</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="176" />
      <source>Or, for text:</source>
      <translation>O, para texto:</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="198" />
      <source>Merged version: edit it into one, then save.</source>
      <translation>Versión combinada: edítela en una sola y luego guarde.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="200" />
      <source>Merged version</source>
      <translation>Versión combinada</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="203" />
      <source>&amp;Save merged version (Ctrl+Enter)</source>
      <translation>&amp;Guardar la versión combinada (Ctrl+Intro)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="204" />
      <source>Save merged version</source>
      <translation>Guardar la versión combinada</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="206" />
      <source>&amp;Cancel</source>
      <translation>&amp;Cancelar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="206" />
      <source>Cancel merging</source>
      <translation>Cancelar la combinación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="292" />
      <source>What both versions started from</source>
      <translation>De lo que partieron ambas versiones</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="333" />
      <source>Nothing to save</source>
      <translation>Nada que guardar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="333" />
      <source>The merged version is empty.</source>
      <translation>La versión combinada está vacía.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_view.py" line="363" />
      <source>Conflicts</source>
      <translation>Conflictos</translation>
    </message>
  </context>
  <context>
    <name>CssrsQuestions</name>
    <message>
      <location filename="../../fieldcm/ui/screening_questions.py" line="286" />
      <source>Ask about the past month for questions 1 to 5. Question 6 asks about the person's whole life, then whether it was within the past 3 months.</source>
      <translation>Pregunte por el último mes en las preguntas 1 a 5. La pregunta 6 abarca toda la vida de la persona y luego si fue en los últimos 3 meses.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_questions.py" line="291" />
      <source>Time frame</source>
      <translation>Periodo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_questions.py" line="299" />
      <source>Question {n}</source>
      <translation>Pregunta {n}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_questions.py" line="305" />
      <source>Question 6, within 3 months</source>
      <translation>Pregunta 6, en los últimos 3 meses</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_questions.py" line="309" />
      <source>Questions 3, 4 and 5 are skipped because the answer to question 2 is No.</source>
      <translation>Las preguntas 3, 4 y 5 se omiten porque la respuesta a la pregunta 2 es No.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_questions.py" line="312" />
      <source>Skipped questions</source>
      <translation>Preguntas omitidas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_questions.py" line="336" />
      <source>Yes</source>
      <translation>Sí</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_questions.py" line="336" />
      <source>No</source>
      <translation>No</translation>
    </message>
  </context>
  <context>
    <name>Demo</name>
    <message>
      <location filename="../../fieldcm/app.py" line="140" />
      <source>Demo passphrase (synthetic data only): {passphrase}</source>
      <translation>Frase de contraseña de la demostración (solo datos ficticios): {passphrase}</translation>
    </message>
  </context>
  <context>
    <name>DemoLauncher</name>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="56" />
      <source>Creating a synthetic agency (every name is invented)</source>
      <translation>Creando una agencia ficticia (todos los nombres son inventados)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="57" />
      <source>Starting the local server on 127.0.0.1</source>
      <translation>Iniciando el servidor local en 127.0.0.1</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="58" />
      <source>Enrolling this laptop as the demo worker</source>
      <translation>Registrando este portátil como el trabajador de demostración</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="59" />
      <source>Creating the encrypted demo profile</source>
      <translation>Creando el perfil cifrado de demostración</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="60" />
      <source>First sync: downloading the caseload</source>
      <translation>Primera sincronización: descargando los casos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="63" />
      <source>Starting the fieldcm demo</source>
      <translation>Iniciando la demostración de fieldcm</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="65" />
      <source>Demo passphrase (you will need it after locking): {p}</source>
      <translation>Frase de contraseña de la demostración (la necesitará tras bloquear): {p}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="69" />
      <source>Demo passphrase</source>
      <translation>Frase de contraseña de la demostración</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="71" />
      <source>&amp;Quit</source>
      <translation>&amp;Salir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/demo_launcher.py" line="71" />
      <source>Quit the demo</source>
      <translation>Salir de la demostración</translation>
    </message>
  </context>
  <context>
    <name>FieldCheckinPanel</name>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="161" />
      <source>Field visit safety check-in</source>
      <translation>Registro de seguridad en visitas de campo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="162" />
      <source>Client visited</source>
      <translation>Cliente visitado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="169" />
      <source>Connected: the office receives your check-out and check-ins shortly after you save them.</source>
      <translation>Conectado: la oficina recibe su salida y sus registros poco después de guardarlos.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="174" />
      <source>Connection</source>
      <translation>Conexión</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="176" />
      <source>Check-in message</source>
      <translation>Mensaje del registro</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="205" />
      <source>Before you go, tell the office where you will be and when you will check in. If you miss a check-in, your supervisor is alerted.</source>
      <translation>Antes de salir, indique a la oficina dónde estará y cuándo se reportará. Si no se reporta a tiempo, se avisa a su supervisor.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="210" />
      <location filename="../../fieldcm/ui/field_checkin.py" line="252" />
      <source>Visit address</source>
      <translation>Dirección de la visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="211" />
      <source>Street, number, apartment or place</source>
      <translation>Calle, número, apartamento o lugar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="214" />
      <source>Expected duration in minutes</source>
      <translation>Duración prevista en minutos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="218" />
      <location filename="../../fieldcm/ui/field_checkin.py" line="264" />
      <source> min</source>
      <translation> min</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="221" />
      <location filename="../../fieldcm/ui/field_checkin.py" line="230" />
      <source>Check in by</source>
      <translation>Reportarse antes de</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="224" />
      <source>Visit &amp;address</source>
      <translation>&amp;Dirección de la visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="226" />
      <source>Expected &amp;duration</source>
      <translation>D&amp;uración prevista</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="232" />
      <source>Check &amp;out and start the visit</source>
      <translation>Registrar la &amp;salida e iniciar la visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="232" />
      <source>Check out</source>
      <translation>Registrar la salida</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="250" />
      <source>Visit state</source>
      <translation>Estado de la visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="253" />
      <source>Visit times</source>
      <translation>Horas de la visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="254" />
      <source>Next check-in</source>
      <translation>Próximo reporte</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="255" />
      <source>Reminder</source>
      <translation>Recordatorio</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="256" />
      <location filename="../../fieldcm/ui/field_checkin.py" line="442" />
      <source>I'm &amp;safe</source>
      <translation>Estoy &amp;bien</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="256" />
      <source>I'm safe</source>
      <translation>Estoy bien</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="258" />
      <source>Record a safe check; the next one is due later</source>
      <translation>Registra que está bien; el próximo reporte vence más tarde</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="260" />
      <source>Extend by minutes</source>
      <translation>Prolongar en minutos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="265" />
      <source>E&amp;xtend by</source>
      <translation>&amp;Prolongar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="265" />
      <source>Extend the visit</source>
      <translation>Prolongar la visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="268" />
      <source>&amp;Check in: visit over</source>
      <translation>&amp;Reportarse: visita terminada</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="268" />
      <source>Check in, visit over</source>
      <translation>Reportarse: visita terminada</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="297" />
      <source>No connection to the office</source>
      <translation>Sin conexión con la oficina</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="299" />
      <source>Phone fallback</source>
      <translation>Alternativa por teléfono</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="303" />
      <source>Your check-ins are saved on this laptop and sent when it reconnects, but nobody at the office can see them until then. Use the phone as well.</source>
      <translation>Sus registros se guardan en esta computadora y se envían al reconectarse, pero nadie en la oficina puede verlos hasta entonces. Use también el teléfono.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="324" />
      <source>Phone your supervisor or the office: say where you are and when you expect to be done, and call again when you leave.</source>
      <translation>Llame a su supervisor o a la oficina: diga dónde está y cuándo espera terminar, y vuelva a llamar al salir.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="425" />
      <source>At: {address}</source>
      <translation>En: {address}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="427" />
      <source>Out since {start}. Expected back by {end}.</source>
      <translation>Fuera desde las {start}. Regreso previsto antes de las {end}.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="433" />
      <source>Next check-in due at {time} ({relative})</source>
      <translation>Próximo reporte a las {time} ({relative})</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="440" />
      <source>I'm &amp;safe (+{n} min)</source>
      <translation>Estoy &amp;bien (+{n} min)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="446" />
      <source>On visit</source>
      <translation>En visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="447" />
      <source>Check-in soon</source>
      <translation>Reporte pronto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="448" />
      <source>Check-in due</source>
      <translation>Debe reportarse</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="449" />
      <source>Overdue</source>
      <translation>Atrasado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="469" />
      <source>You missed your check-in. Your supervisor is alerted at the next sync. If you are safe, press I'm safe, or Check in if the visit is over.</source>
      <translation>No se reportó a tiempo. Se avisa a su supervisor en la próxima sincronización. Si está bien, pulse Estoy bien, o Reportarse si la visita terminó.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="477" />
      <source>Check in now: press I'm safe if you are staying, or Check in if the visit is over.</source>
      <translation>Repórtese ahora: pulse Estoy bien si se queda, o Reportarse si la visita terminó.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="482" />
      <source>A check-in is due in a few minutes.</source>
      <translation>Debe reportarse en unos minutos.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="488" />
      <source>in {time}</source>
      <translation>en {time}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/field_checkin.py" line="489" />
      <source>{time} ago</source>
      <translation>hace {time}</translation>
    </message>
  </context>
  <context>
    <name>FirstRunPage</name>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="227" />
      <source>Agency server address</source>
      <translation>Dirección del servidor de la agencia</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="229" />
      <location filename="../../fieldcm/ui/first_run.py" line="245" />
      <source>Enrollment code</source>
      <translation>Código de registro</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="230" />
      <source>One-time code from your administrator</source>
      <translation>Código de un solo uso de su administrador</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="231" />
      <source>New passphrase</source>
      <translation>Nueva frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="233" />
      <source>Passphrase again</source>
      <translation>Repita la frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="235" />
      <source>Passphrase strength</source>
      <translation>Solidez de la frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="236" />
      <source>&amp;Connect</source>
      <translation>&amp;Conectar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="236" />
      <source>Connect</source>
      <translation>Conectar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="244" />
      <source>Server</source>
      <translation>Servidor</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="246" />
      <source>Passphrase</source>
      <translation>Frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="247" />
      <source>Again</source>
      <translation>Repetir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="254" />
      <source>Connect this laptop</source>
      <translation>Conectar este portátil</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="258" />
      <source>Your administrator gives you the server address and a one-time code. The passphrase protects the caseload on this laptop: 15 characters or more; a few unrelated words work well. It never leaves this laptop.</source>
      <translation>Su administrador le da la dirección del servidor y un código de un solo uso. La frase de contraseña protege los casos en este portátil: 15 caracteres o más; unas cuantas palabras sin relación funcionan bien. Nunca sale de este portátil.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="275" />
      <source>Connecting to the agency server</source>
      <translation>Conectando con el servidor de la agencia</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="276" />
      <source>Creating the encrypted profile</source>
      <translation>Creando el perfil cifrado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="277" />
      <source>Downloading your caseload</source>
      <translation>Descargando sus casos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="294" />
      <source>Choose a passphrase of 15 characters or more.</source>
      <translation>Elija una frase de contraseña de 15 caracteres o más.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="300" />
      <source>The two passphrases differ.</source>
      <translation>Las dos frases de contraseña no coinciden.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="304" />
      <source>Good passphrase ({n} characters).</source>
      <translation>Buena frase de contraseña ({n} caracteres).</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="316" />
      <source>Use at least 15 characters. A few unrelated words work well.</source>
      <translation>Use al menos 15 caracteres. Unas cuantas palabras sin relación funcionan bien.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="317" />
      <source>Use at most 1024 characters.</source>
      <translation>Use como máximo 1024 caracteres.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="319" />
      <source>This is one of the most common passwords. Choose something less predictable.</source>
      <translation>Es una de las contraseñas más comunes. Elija algo menos previsible.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="322" />
      <source>Do not build the passphrase from your name, the agency's or the app's.</source>
      <translation>No forme la frase con su nombre, el de la agencia ni el de la aplicación.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="324" />
      <source>Avoid repeating the same characters or words.</source>
      <translation>Evite repetir los mismos caracteres o palabras.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="325" />
      <source>Avoid runs like abcd, 1234 or qwerty.</source>
      <translation>Evite secuencias como abcd, 1234 o qwerty.</translation>
    </message>
  </context>
  <context>
    <name>Formatting</name>
    <message>
      <location filename="../../fieldcm/ui/widgets.py" line="120" />
      <source>Back (Esc)</source>
      <translation>Volver (Esc)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/widgets.py" line="121" />
      <source>Back</source>
      <translation>Volver</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachments_model.py" line="53" />
      <source>PDF document</source>
      <translation>Documento PDF</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachments_model.py" line="55" />
      <source>Image</source>
      <translation>Imagen</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachments_model.py" line="56" />
      <source>Text</source>
      <translation>Texto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachments_model.py" line="57" />
      <source>Other file</source>
      <translation>Otro archivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachments_model.py" line="74" />
      <source>File</source>
      <translation>Archivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachments_model.py" line="75" />
      <location filename="../../fieldcm/ui/timeline_model.py" line="71" />
      <source>Type</source>
      <translation>Tipo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachments_model.py" line="76" />
      <source>Size</source>
      <translation>Tamaño</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachments_model.py" line="77" />
      <source>Added</source>
      <translation>Agregado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attachments_model.py" line="129" />
      <location filename="../../fieldcm/ui/caseload_model.py" line="99" />
      <location filename="../../fieldcm/ui/contacts_model.py" line="277" />
      <source>(no name)</source>
      <translation>(sin nombre)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="73" />
      <source>(deletion)</source>
      <translation>(eliminación)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="75" />
      <source>(new)</source>
      <translation>(nuevo)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/attention_view.py" line="79" />
      <source>(client not on this laptop)</source>
      <translation>(el cliente no está en esta computadora)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="124" />
      <location filename="../../fieldcm/ui/conflicts_model.py" line="195" />
      <location filename="../../fieldcm/ui/search_model.py" line="43" />
      <source>Client</source>
      <translation>Cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="125" />
      <source>Risk</source>
      <translation>Riesgo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="126" />
      <source>Last contact</source>
      <translation>Último contacto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="127" />
      <source>Next contact due</source>
      <translation>Próximo contacto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="128" />
      <source>Flags</source>
      <translation>Alertas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="240" />
      <source>never</source>
      <translation>nunca</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="252" />
      <source>Overdue: never seen</source>
      <translation>Atrasado: nunca visto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="255" />
      <source>1 day overdue</source>
      <translation>1 día de atraso</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="255" />
      <source>{n} days overdue</source>
      <translation>{n} días de atraso</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="258" />
      <source>Visit {when}</source>
      <translation>Visita {when}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/caseload_model.py" line="260" />
      <source>Due {when}</source>
      <translation>Vence {when}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/contacts_model.py" line="200" />
      <source>Yes, until {date}</source>
      <translation>Sí, hasta el {date}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/contacts_model.py" line="202" />
      <source>Yes, until {event}</source>
      <translation>Sí, hasta {event}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/contacts_model.py" line="206" />
      <source>(not substance use)</source>
      <translation>(no uso de sustancias)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/contacts_model.py" line="209" />
      <source>Not yet: release starts {date}</source>
      <translation>Aún no: la autorización empieza el {date}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/contacts_model.py" line="210" />
      <source>No: release revoked {date}</source>
      <translation>No: autorización revocada el {date}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/contacts_model.py" line="211" />
      <source>No: release expired {date}</source>
      <translation>No: autorización vencida el {date}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/contacts_model.py" line="212" />
      <source>No: release incomplete</source>
      <translation>No: autorización incompleta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/contacts_model.py" line="213" />
      <source>No: no release on file</source>
      <translation>No: no hay autorización archivada</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/contacts_model.py" line="220" />
      <source>Relationship</source>
      <translation>Relación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/contacts_model.py" line="221" />
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="210" />
      <source>Phone</source>
      <translation>Teléfono</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/contacts_model.py" line="222" />
      <source>May we share information? (release)</source>
      <translation>¿Podemos compartir información? (autorización)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="18" />
      <source>High</source>
      <translation>Alto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/formatting.py" line="18" />
      <location filename="../../fieldcm/ui/screening_texts.py" line="41" />
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
      <location filename="../../fieldcm/ui/screening_texts.py" line="28" />
      <source>PHQ-9 depression screen</source>
      <translation>Tamizaje de depresión PHQ-9</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="29" />
      <source>PHQ-2 depression screen</source>
      <translation>Tamizaje de depresión PHQ-2</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="30" />
      <source>GAD-7 anxiety screen</source>
      <translation>Tamizaje de ansiedad GAD-7</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="31" />
      <source>C-SSRS suicide risk screener</source>
      <translation>Tamizaje de riesgo suicida C-SSRS</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="39" />
      <source>Minimal</source>
      <translation>Mínima</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="40" />
      <source>Mild</source>
      <translation>Leve</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="42" />
      <source>Moderately severe</source>
      <translation>Moderadamente grave</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="43" />
      <source>Severe</source>
      <translation>Grave</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="44" />
      <source>Negative screen</source>
      <translation>Tamizaje negativo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="45" />
      <source>Positive screen</source>
      <translation>Tamizaje positivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="46" />
      <source>No risk indicated</source>
      <translation>No indica riesgo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="47" />
      <source>Low risk</source>
      <translation>Riesgo bajo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="48" />
      <source>High risk</source>
      <translation>Riesgo alto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="55" />
      <source>Moderate risk</source>
      <translation>Riesgo moderado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="63" />
      <source>PHQ-9 question 9 was answered above zero. Ask the C-SSRS screener questions before this visit ends.</source>
      <translation>La pregunta 9 del PHQ-9 se respondió por encima de cero. Haga las preguntas del tamizaje C-SSRS antes de que termine esta visita.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="68" />
      <source>The C-SSRS screen was high risk. Make or review the client's safety plan with them (all six steps, reviewed after the screen).</source>
      <translation>El tamizaje C-SSRS indicó riesgo alto. Haga o revise con el cliente su plan de seguridad (los seis pasos, revisado después del tamizaje).</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="73" />
      <source>The C-SSRS screen was high risk and no supervisor notification is recorded. Tell your supervisor now.</source>
      <translation>El tamizaje C-SSRS indicó riesgo alto y no consta ningún aviso al supervisor. Avise a su supervisor ahora.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_texts.py" line="83" />
      <source>Before this visit can be closed:</source>
      <translation>Antes de poder cerrar esta visita:</translation>
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
    <name>FrequencyQuestions</name>
    <message>
      <location filename="../../fieldcm/ui/screening_questions.py" line="125" />
      <source>Question</source>
      <translation>Pregunta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_questions.py" line="175" />
      <source>Item {n}: {answer} ({score})</source>
      <translation>Pregunta {n}: {answer} ({score})</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_questions.py" line="192" />
      <source>Difficulty question</source>
      <translation>Pregunta sobre la dificultad</translation>
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
      <location filename="../../fieldcm/ui/main_window.py" line="72" />
      <source>fieldcm main window</source>
      <translation>Ventana principal de fieldcm</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="185" />
      <source>&amp;Lock</source>
      <translation>&amp;Bloquear</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="186" />
      <source>&amp;Quit</source>
      <translation>&amp;Salir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="187" />
      <source>&amp;Find client or note</source>
      <translation>B&amp;uscar cliente o nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="189" />
      <source>&amp;New note</source>
      <translation>&amp;Nueva nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="191" />
      <source>Go to &amp;caseload</source>
      <translation>Ir a los &amp;casos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="193" />
      <source>Go to the client's &amp;notes</source>
      <translation>Ir a las &amp;notas del cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="196" />
      <source>Show only &amp;overdue</source>
      <translation>Mostrar solo &amp;atrasados</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="199" />
      <source>Show only &amp;high risk</source>
      <translation>Mostrar solo riesgo a&amp;lto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="201" />
      <source>&amp;Sync now</source>
      <translation>&amp;Sincronizar ahora</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="204" />
      <source>Safety &amp;plan</source>
      <translation>&amp;Plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="207" />
      <source>Screening &amp;scores over time</source>
      <translation>Puntuaciones de los cue&amp;stionarios en el tiempo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="212" />
      <source>Check out for a &amp;visit</source>
      <translation>Registrar la salida a una &amp;visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="217" />
      <source>&amp;Conflicts to decide</source>
      <translation>&amp;Conflictos por decidir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="220" />
      <source>Edits that need &amp;attention</source>
      <translation>Cambios que necesitan &amp;atención</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="223" />
      <source>&amp;Keyboard shortcuts</source>
      <translation>A&amp;tajos de teclado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="229" />
      <source>&amp;File</source>
      <translation>&amp;Archivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="231" />
      <source>&amp;Clients</source>
      <translation>&amp;Clientes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="244" />
      <source>S&amp;ync</source>
      <translation>Si&amp;ncronizar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="245" />
      <source>&amp;Help</source>
      <translation>A&amp;yuda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="326" />
      <source>Locked after {n} idle minutes.</source>
      <translation>Bloqueado tras {n} minutos sin actividad.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="327" />
      <source>Locked because the computer went to sleep.</source>
      <translation>Bloqueado porque el equipo entró en suspensión.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="328" />
      <source>Locked with the screen.</source>
      <translation>Bloqueado junto con la pantalla.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="333" />
      <source>The agency erased fieldcm's data on this laptop.</source>
      <translation>La agencia borró los datos de fieldcm en este portátil.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="425" />
      <source>(client not in caseload)</source>
      <translation>(cliente fuera de sus casos)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/main_window.py" line="463" />
      <source>fieldcm</source>
      <translation>fieldcm</translation>
    </message>
  </context>
  <context>
    <name>NoteEditor</name>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="102" />
      <source>Note title</source>
      <translation>Título de la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="103" />
      <source>Client of this note</source>
      <translation>Cliente de esta nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="104" />
      <source>Note status</source>
      <translation>Estado de la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="106" />
      <source>Late entry</source>
      <translation>Registro tardío</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="110" />
      <source>Save state</source>
      <translation>Estado del guardado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="111" />
      <source>&amp;Close</source>
      <translation>&amp;Cerrar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="111" />
      <source>Close note</source>
      <translation>Cerrar la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="112" />
      <source>Back to the client (Esc)</source>
      <translation>Volver al cliente (Esc)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="129" />
      <location filename="../../fieldcm/ui/note_editor.py" line="142" />
      <source>Template</source>
      <translation>Plantilla</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="131" />
      <source>Brief contact</source>
      <translation>Contacto breve</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="146" />
      <source>Before signing</source>
      <translation>Antes de firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="155" />
      <source>Addenda</source>
      <translation>Adendas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="173" />
      <source>Signature</source>
      <translation>Firma</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="174" />
      <source>&amp;Sign…</source>
      <translation>&amp;Firmar…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="174" />
      <source>Sign note</source>
      <translation>Firmar la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="175" />
      <source>Sign with your passphrase (Ctrl+Enter)</source>
      <translation>Firmar con su frase de contraseña (Ctrl+Intro)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="178" />
      <source>Add &amp;addendum…</source>
      <translation>Añadir a&amp;denda…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="178" />
      <source>Add addendum</source>
      <translation>Añadir adenda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="271" />
      <source>{format} note</source>
      <translation>Nota {format}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="273" />
      <source>Brief contact note</source>
      <translation>Nota de contacto breve</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="283" />
      <source>Saved</source>
      <translation>Guardado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="323" />
      <location filename="../../fieldcm/ui/note_editor.py" line="350" />
      <source>Editing…</source>
      <translation>Editando…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="337" />
      <source>Saving…</source>
      <translation>Guardando…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="352" />
      <source>Saved {time}</source>
      <translation>Guardado {time}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/note_editor.py" line="361" />
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
    <name>SafetyPlanEditor</name>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="479" />
      <source>Safety plan</source>
      <translation>Plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="480" />
      <source>Client of this plan</source>
      <translation>Cliente de este plan</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="481" />
      <source>Save state</source>
      <translation>Estado de guardado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="482" />
      <source>&amp;Close</source>
      <translation>&amp;Cerrar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="482" />
      <source>Close safety plan</source>
      <translation>Cerrar el plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="483" />
      <source>Back to the client (Esc)</source>
      <translation>Volver al cliente (Esc)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="499" />
      <source>Review reminder</source>
      <translation>Recordatorio de revisión</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="501" />
      <source>&amp;Mark reviewed with client</source>
      <translation>&amp;Marcar como revisado con el cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="502" />
      <source>Mark reviewed with client</source>
      <translation>Marcar como revisado con el cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="505" />
      <source>You went through the whole plan with the client today (Alt+M)</source>
      <translation>Hoy repasó todo el plan con el cliente (Alt+M)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="525" />
      <source>Plan steps</source>
      <translation>Pasos del plan</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="537" />
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="538" />
      <source>Where the client keeps the plan</source>
      <translation>Dónde guarda el plan el cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="539" />
      <source>e.g. wallet, phone photo, fridge</source>
      <translation>p. ej., cartera, foto en el teléfono, refrigerador</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="543" />
      <source>Client copy (one page)</source>
      <translation>Copia para el cliente (una página)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="544" />
      <source>Print language</source>
      <translation>Idioma de impresión</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="547" />
      <source>Save as &amp;PDF…</source>
      <translation>Guardar como &amp;PDF…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="547" />
      <source>Save as PDF</source>
      <translation>Guardar como PDF</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="548" />
      <source>Write the one-page client copy to a file (Ctrl+P)</source>
      <translation>Guardar en un archivo la copia de una página para el cliente (Ctrl+P)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="550" />
      <source>P&amp;rint…</source>
      <translation>Imp&amp;rimir…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="550" />
      <source>Print</source>
      <translation>Imprimir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="558" />
      <source>Print result</source>
      <translation>Resultado de la impresión</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="560" />
      <source>History</source>
      <translation>Historial</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="561" />
      <source>Plan history</source>
      <translation>Historial del plan</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="685" />
      <source>This plan was saved by a newer fieldcm and is shown read-only.</source>
      <translation>Este plan lo guardó una versión más nueva de fieldcm y se muestra solo para lectura.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="697" />
      <source>Crisis line (set by your agency): {line}</source>
      <translation>Línea de crisis (la define su agencia): {line}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="702" />
      <source>Emergency department (set by your agency): {address}</source>
      <translation>Sala de emergencias (la define su agencia): {address}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="707" />
      <source>Your agency has not set the local emergency department address.</source>
      <translation>Su agencia no ha indicado la dirección de la sala de emergencias local.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="718" />
      <source>{count} disagreement(s) about this plan wait in Conflicts: until someone decides, this laptop shows your version.</source>
      <translation>{count} desacuerdo(s) sobre este plan esperan en Conflictos: hasta que alguien decida, esta computadora muestra su versión.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="750" />
      <source>Editing…</source>
      <translation>Editando…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="772" />
      <source>Saving…</source>
      <translation>Guardando…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="797" />
      <source>Saved. Someone else changed {count} of the same items meanwhile: their wording is shown, check it with the client.</source>
      <translation>Guardado. Otra persona cambió {count} de los mismos elementos mientras tanto: se muestra su texto, revíselo con el cliente.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="803" />
      <source>Saved {time}</source>
      <translation>Guardado {time}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="815" />
      <source>Not saved: {why}</source>
      <translation>No se guardó: {why}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="860" />
      <source>The plan does not fit on one page even in small type. Shorten some items, then save again. Nothing was written.</source>
      <translation>El plan no cabe en una página ni siquiera con letra pequeña. Acorte algunos elementos y vuelva a guardar. No se escribió nada.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="866" />
      <source>Could not write the file: {why}</source>
      <translation>No se pudo escribir el archivo: {why}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="870" />
      <source>Saved the {language} copy to {path}</source>
      <translation>Se guardó la copia en {language} en {path}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="882" />
      <source>Save the client's copy as PDF</source>
      <translation>Guardar la copia del cliente como PDF</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="882" />
      <source>PDF files (*.pdf)</source>
      <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="902" />
      <source>The plan does not fit on one page even in small type. Shorten some items.</source>
      <translation>El plan no cabe en una página ni siquiera con letra pequeña. Acorte algunos elementos.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="910" />
      <source>Client copy not made</source>
      <translation>No se hizo la copia para el cliente</translation>
    </message>
  </context>
  <context>
    <name>ScoreTableModel</name>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="299" />
      <source>Date</source>
      <translation>Fecha</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="299" />
      <source>Screen</source>
      <translation>Tamizaje</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="299" />
      <source>Score</source>
      <translation>Puntuación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="299" />
      <source>Result</source>
      <translation>Resultado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="309" />
      <source>{total} of {most}</source>
      <translation>{total} de {most}</translation>
    </message>
  </context>
  <context>
    <name>ScoreTrendChart</name>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="59" />
      <source>Screening score trend</source>
      <translation>Evolución de las puntuaciones de tamizaje</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="87" />
      <source>No screens recorded yet.</source>
      <translation>Todavía no hay tamizajes registrados.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="92" />
      <source>{name}: {n} scores, latest {total} ({band}) on {date}.</source>
      <translation>{name}: {n} puntuaciones, la última {total} ({band}) el {date}.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="104" />
      <source>C-SSRS: {n} screens, latest {risk} on {date}.</source>
      <translation>C-SSRS: {n} tamizajes, el último {risk} el {date}.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="284" />
      <source>C-SSRS screen (colour: risk level)</source>
      <translation>Tamizaje C-SSRS (color: nivel de riesgo)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="287" />
      <source>Shaded: {name} severity bands</source>
      <translation>Sombreado: bandas de gravedad de {name}</translation>
    </message>
  </context>
  <context>
    <name>ScreeningForm</name>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="81" />
      <source>Screen</source>
      <translation>Tamizaje</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="82" />
      <source>Client screened</source>
      <translation>Cliente evaluado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="83" />
      <source>&amp;Close</source>
      <translation>&amp;Cerrar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="83" />
      <source>Close screen</source>
      <translation>Cerrar el tamizaje</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="84" />
      <source>Back to the client (Esc)</source>
      <translation>Volver al cliente (Esc)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="94" />
      <source>Why this screen</source>
      <translation>Por qué este tamizaje</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="103" />
      <source>&amp;Done</source>
      <translation>&amp;Hecho</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="103" />
      <source>Done</source>
      <translation>Hecho</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="139" />
      <location filename="../../fieldcm/ui/screening_form.py" line="140" />
      <location filename="../../fieldcm/ui/screening_form.py" line="235" />
      <source>Score</source>
      <translation>Puntuación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="141" />
      <source>Severity</source>
      <translation>Gravedad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="143" />
      <source>Answered</source>
      <translation>Respondidas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="144" />
      <source>Question 9</source>
      <translation>Pregunta 9</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="145" />
      <location filename="../../fieldcm/ui/screening_form.py" line="265" />
      <source>&amp;Record screen</source>
      <translation>&amp;Registrar el tamizaje</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="145" />
      <source>Record screen</source>
      <translation>Registrar el tamizaje</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="147" />
      <source>Save the answers (Ctrl+Enter)</source>
      <translation>Guardar las respuestas (Ctrl+Intro)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="149" />
      <source>Screen message</source>
      <translation>Mensaje del tamizaje</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="151" />
      <source>Computed from the answers; it cannot be typed.</source>
      <translation>Se calcula a partir de las respuestas; no se puede escribir.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="160" />
      <source>Keyboard</source>
      <translation>Teclado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="237" />
      <source>{n} of {total} questions answered</source>
      <translation>{n} de {total} preguntas respondidas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="242" />
      <source>Answer every question</source>
      <translation>Responda todas las preguntas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="247" />
      <source>{total} of {most}</source>
      <translation>{total} de {most}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="258" />
      <source>Question 9 is above zero: the C-SSRS screener follows when you record this screen, and the visit cannot be closed until it is done.</source>
      <translation>La pregunta 9 es mayor que cero: el tamizaje C-SSRS sigue al registrar este tamizaje, y la visita no se puede cerrar hasta completarlo.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="269" />
      <source>Keys: 0 to 3 answer a question and move on; Up and Down move between questions; Ctrl+Enter records.</source>
      <translation>Teclas: de 0 a 3 responden una pregunta y pasan a la siguiente; Arriba y Abajo se mueven entre preguntas; Ctrl+Intro registra.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="277" />
      <source>Risk level</source>
      <translation>Nivel de riesgo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="282" />
      <source>{n} of {total} questions asked so far</source>
      <translation>{n} de {total} preguntas hechas hasta ahora</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="288" />
      <source>Answer every question shown</source>
      <translation>Responda todas las preguntas que se muestran</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="295" />
      <source>Screen complete</source>
      <translation>Tamizaje completo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="296" />
      <source>&amp;Record screener</source>
      <translation>&amp;Registrar el tamizaje</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="300" />
      <source>Keys: Y or N answers a question and moves on; Up and Down move between questions; Ctrl+Enter records.</source>
      <translation>Teclas: S (sí) o N (no) responden una pregunta y pasan a la siguiente; Arriba y Abajo se mueven entre preguntas; Ctrl+Intro registra.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_form.py" line="352" />
      <source>PHQ-9 recorded. Question 9 was answered above zero, so ask the C-SSRS screener now: the visit cannot be closed until it is done.</source>
      <translation>PHQ-9 registrado. La pregunta 9 se respondió por encima de cero: haga ahora el tamizaje C-SSRS; la visita no se puede cerrar hasta completarlo.</translation>
    </message>
  </context>
  <context>
    <name>ScreeningHistory</name>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="336" />
      <source>Screening history</source>
      <translation>Historial de tamizajes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="337" />
      <source>Client</source>
      <translation>Cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="339" />
      <source>Shade the severity bands of</source>
      <translation>Sombrear las bandas de gravedad de</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="345" />
      <source>&amp;Shade bands of</source>
      <translation>&amp;Sombrear bandas de</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_chart.py" line="349" />
      <source>Screening scores as a table</source>
      <translation>Puntuaciones de tamizaje en una tabla</translation>
    </message>
  </context>
  <context>
    <name>ScreeningResultBanner</name>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="41" />
      <source>Screen result</source>
      <translation>Resultado del tamizaje</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="42" />
      <source>Result level</source>
      <translation>Nivel del resultado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="44" />
      <source>What was done</source>
      <translation>Lo que se hizo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="45" />
      <source>What to do now</source>
      <translation>Qué hacer ahora</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="46" />
      <source>Safety plan status</source>
      <translation>Estado del plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="47" />
      <location filename="../../fieldcm/ui/screening_banner.py" line="70" />
      <source>Crisis line</source>
      <translation>Línea de crisis</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="49" />
      <location filename="../../fieldcm/ui/screening_banner.py" line="168" />
      <source>Open safety &amp;plan</source>
      <translation>Abrir el &amp;plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="49" />
      <source>Open safety plan</source>
      <translation>Abrir el plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="53" />
      <source>The C-SSRS is a screen, not a diagnosis.</source>
      <translation>El C-SSRS es un tamizaje, no un diagnóstico.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="67" />
      <source>Done</source>
      <translation>Hecho</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="68" />
      <source>Now</source>
      <translation>Ahora</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="69" />
      <source>Safety plan</source>
      <translation>Plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="106" />
      <source>{name} recorded: {total} of {most}</source>
      <translation>{name} registrado: {total} de {most}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="112" />
      <location filename="../../fieldcm/ui/screening_banner.py" line="133" />
      <source>Saved on this laptop; it syncs with the client's record.</source>
      <translation>Guardado en esta computadora; se sincroniza con el expediente del cliente.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="114" />
      <source>At or above 10 the screen is positive: plan a fuller evaluation.</source>
      <translation>Con 10 o más el tamizaje es positivo: planifique una evaluación más completa.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="132" />
      <source>C-SSRS screener recorded: no risk indicated</source>
      <translation>Tamizaje C-SSRS registrado: no indica riesgo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="141" />
      <source>High risk on the C-SSRS screener</source>
      <translation>Riesgo alto en el tamizaje C-SSRS</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="144" />
      <source>A safety flag is on the client's record, and your supervisor is notified at the next sync.</source>
      <translation>Hay una alerta de seguridad en el expediente del cliente y su supervisor recibe el aviso en la próxima sincronización.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="148" />
      <location filename="../../fieldcm/ui/screening_banner.py" line="159" />
      <source>A safety flag is on the client's record.</source>
      <translation>Hay una alerta de seguridad en el expediente del cliente.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="152" />
      <source>Stay with the client and keep them safe until a mental health professional can evaluate them. Refer them now. If you need your supervisor sooner than the next sync, call them.</source>
      <translation>Quédese con el cliente y manténgalo a salvo hasta que un profesional de salud mental pueda evaluarlo. Derívelo ahora. Si necesita a su supervisor antes de la próxima sincronización, llámelo.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="158" />
      <source>Positive C-SSRS screener</source>
      <translation>Tamizaje C-SSRS positivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="162" />
      <source>Review the safety plan with the client, and refer them to outpatient care and crisis lines.</source>
      <translation>Revise el plan de seguridad con el cliente y derívelo a atención ambulatoria y a líneas de crisis.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="169" />
      <source>Make a safety &amp;plan</source>
      <translation>Hacer un &amp;plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="177" />
      <source>This client has no safety plan on this laptop.</source>
      <translation>Este cliente no tiene plan de seguridad en esta computadora.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="179" />
      <source>This client's safety plan could not be read on this laptop.</source>
      <translation>No se pudo leer el plan de seguridad de este cliente en esta computadora.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="181" />
      <source>The client has a current safety plan.</source>
      <translation>El cliente tiene un plan de seguridad vigente.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="183" />
      <source>never</source>
      <translation>nunca</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="184" />
      <source>The client has a safety plan (last reviewed: {date}).</source>
      <translation>El cliente tiene un plan de seguridad (última revisión: {date}).</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="188" />
      <source>{n} of its six steps are empty.</source>
      <translation>{n} de sus seis pasos están vacíos.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/screening_banner.py" line="193" />
      <source>Make or review it with the client now: the visit note cannot be signed until the plan is complete and reviewed after this screen.</source>
      <translation>Hágalo o revíselo con el cliente ahora: la nota de la visita no se puede firmar hasta que el plan esté completo y revisado después de este tamizaje.</translation>
    </message>
  </context>
  <context>
    <name>SectionEditor</name>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="230" />
      <source>Missing</source>
      <translation>Falta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="234" />
      <source>Nothing here yet.</source>
      <translation>Todavía no hay nada aquí.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="235" />
      <source>Problem</source>
      <translation>Problema</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="238" />
      <source>New item for {section}</source>
      <translation>Nuevo elemento para {section}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="239" />
      <source>Add in the client's words, then press Enter</source>
      <translation>Agregue en palabras del cliente y pulse Intro</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="242" />
      <source>Phone for the new item</source>
      <translation>Teléfono del nuevo elemento</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="243" />
      <source>Phone (optional)</source>
      <translation>Teléfono (opcional)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="248" />
      <source>Add</source>
      <translation>Agregar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="248" />
      <source>Add item to {section}</source>
      <translation>Agregar elemento a {section}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="252" />
      <source>Move up</source>
      <translation>Subir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="253" />
      <source>Move down</source>
      <translation>Bajar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="254" />
      <source>Remove</source>
      <translation>Quitar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="268" />
      <source>{action} ({keys})</source>
      <translation>{action} ({keys})</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="315" />
      <source>Type the item first, in the client's words.</source>
      <translation>Primero escriba el elemento, en palabras del cliente.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_editor.py" line="321" />
      <source>That is not a phone number: use digits, spaces, dashes or brackets.</source>
      <translation>Eso no es un número de teléfono: use dígitos, espacios, guiones o paréntesis.</translation>
    </message>
  </context>
  <context>
    <name>SetupProgress</name>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="75" />
      <source>Setting up fieldcm</source>
      <translation>Preparando fieldcm</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="85" />
      <source>Setup progress</source>
      <translation>Progreso de la preparación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="88" />
      <source>Time left</source>
      <translation>Tiempo restante</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="89" />
      <source>Setup detail</source>
      <translation>Detalle de la preparación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="90" />
      <source>Setup problem</source>
      <translation>Problema en la preparación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="115" />
      <location filename="../../fieldcm/ui/first_run.py" line="152" />
      <source>Working out how long this takes…</source>
      <translation>Calculando cuánto tardará…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="126" />
      <source>Done.</source>
      <translation>Listo.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="140" />
      <source>Sending this laptop's edits…</source>
      <translation>Enviando los cambios de este portátil…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="154" />
      <source>Almost done…</source>
      <translation>Casi listo…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="156" />
      <source>Less than a minute left</source>
      <translation>Queda menos de un minuto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="160" />
      <source>About 1 minute left</source>
      <translation>Queda aproximadamente 1 minuto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="160" />
      <source>About {n} minutes left</source>
      <translation>Quedan aproximadamente {n} minutos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="162" />
      <source>About {n} hours left</source>
      <translation>Quedan aproximadamente {n} horas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="168" />
      <source>{records} records received</source>
      <translation>{records} registros recibidos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="173" />
      <source>{records} of about {total} records · {rate} per second</source>
      <translation>{records} de unos {total} registros · {rate} por segundo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/first_run.py" line="176" />
      <source>{records} records received · {rate} per second</source>
      <translation>{records} registros recibidos · {rate} por segundo</translation>
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
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="126" />
      <source>Sign note</source>
      <translation>Firmar la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="129" />
      <source>Signing as {name}, {credentials}. A signed note cannot be changed; corrections and additions become addenda.</source>
      <translation>Firma como {name}, {credentials}. Una nota firmada no se puede cambiar; las correcciones y los añadidos se hacen como adendas.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="131" />
      <source>(no name)</source>
      <translation>(sin nombre)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="138" />
      <source>Enter your passphrase to sign</source>
      <translation>Escriba su frase de contraseña para firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="50" />
      <source>Passphrase</source>
      <translation>Frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="53" />
      <source>Signing message</source>
      <translation>Mensaje de la firma</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="60" />
      <source>Sign</source>
      <translation>Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="61" />
      <source>&amp;Sign</source>
      <translation>&amp;Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="62" />
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="63" />
      <source>Cancel</source>
      <translation>Cancelar</translation>
    </message>
  </context>
  <context>
    <name>SignInDialog</name>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="179" />
      <location filename="../../fieldcm/ui/status_area.py" line="180" />
      <source>Sign in to the agency server</source>
      <translation>Iniciar sesión en el servidor de la agencia</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="181" />
      <source>Username</source>
      <translation>Usuario</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="182" />
      <source>Password</source>
      <translation>Contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="186" />
      <source>&amp;Username</source>
      <translation>&amp;Usuario</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="187" />
      <source>&amp;Password</source>
      <translation>&amp;Contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="202" />
      <source>This laptop has been offline for a long time. Sign in to sync again.</source>
      <translation>Este portátil lleva mucho tiempo sin conexión. Inicie sesión para volver a sincronizar.</translation>
    </message>
  </context>
  <context>
    <name>StatusArea</name>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="44" />
      <source>Sync state</source>
      <translation>Estado de la sincronización</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="45" />
      <source>Last successful sync</source>
      <translation>Última sincronización correcta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="46" />
      <source>Edits waiting to sync</source>
      <translation>Cambios pendientes de sincronizar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="47" />
      <source>Open conflicts</source>
      <translation>Conflictos abiertos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="50" />
      <source>Needs attention</source>
      <translation>Requiere atención</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="53" />
      <source>Sync progress</source>
      <translation>Progreso de la sincronización</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="58" />
      <source>Sign in…</source>
      <translation>Iniciar sesión…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="58" />
      <source>Sign in to the agency</source>
      <translation>Iniciar sesión en la agencia</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="61" />
      <source>Sync now</source>
      <translation>Sincronizar ahora</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="62" />
      <source>Sync with the agency server (F5)</source>
      <translation>Sincronizar con el servidor de la agencia (F5)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="87" />
      <source>Last sync {when}</source>
      <translation>Última sincronización {when}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="89" />
      <source>Never synced</source>
      <translation>Nunca sincronizado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="92" />
      <source>1 edit waiting</source>
      <translation>1 cambio pendiente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="92" />
      <source>{n} edits waiting</source>
      <translation>{n} cambios pendientes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="94" />
      <source>No edits waiting</source>
      <translation>No hay cambios pendientes</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="98" />
      <source>1 conflict</source>
      <translation>1 conflicto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="98" />
      <source>{n} conflicts</source>
      <translation>{n} conflictos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="103" />
      <source>1 needs attention</source>
      <translation>1 requiere atención</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="103" />
      <source>{n} need attention</source>
      <translation>{n} requieren atención</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="119" />
      <source>Syncing… {n} changes received</source>
      <translation>Sincronizando… {n} cambios recibidos</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="121" />
      <source>Syncing…</source>
      <translation>Sincronizando…</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="123" />
      <source>Sync did not work.</source>
      <translation>La sincronización no funcionó.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="124" />
      <source>● Sync failed: {why}</source>
      <translation>● Falló la sincronización: {why}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="126" />
      <source>● Synced; new edits wait for the next sync</source>
      <translation>● Sincronizado; los cambios nuevos esperan a la próxima sincronización</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="128" />
      <source>● Up to date</source>
      <translation>● Al día</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="130" />
      <source>● Offline: your work is saved on this laptop</source>
      <translation>● Sin conexión: su trabajo está guardado en este portátil</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="133" />
      <source>● Sign in needed before the next sync</source>
      <translation>● Debe iniciar sesión antes de la próxima sincronización</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="134" />
      <source>● Not connected to an agency server</source>
      <translation>● Sin conexión a un servidor de la agencia</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="135" />
      <source>● Not synced yet</source>
      <translation>● Aún sin sincronizar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="153" />
      <source>Conflicts (both versions are kept until someone decides):</source>
      <translation>Conflictos (se guardan las dos versiones hasta que alguien decida):</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="155" />
      <source>{kind}: field “{field}”</source>
      <translation>{kind}: campo «{field}»</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="159" />
      <source>Refused by the server (kept on this laptop):</source>
      <translation>Rechazados por el servidor (se conservan en este portátil):</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="165" />
      <source>Sync details</source>
      <translation>Detalles de la sincronización</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/status_area.py" line="165" />
      <source>Nothing to decide.</source>
      <translation>No hay nada que decidir.</translation>
    </message>
  </context>
  <context>
    <name>_PassphraseDialog</name>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="50" />
      <source>Passphrase</source>
      <translation>Frase de contraseña</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="53" />
      <source>Signing message</source>
      <translation>Mensaje de la firma</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="60" />
      <source>Sign</source>
      <translation>Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="61" />
      <source>&amp;Sign</source>
      <translation>&amp;Firmar</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="62" />
      <location filename="../../fieldcm/ui/sign_dialogs.py" line="63" />
      <source>Cancel</source>
      <translation>Cancelar</translation>
    </message>
  </context>
  <context>
    <name>Conflicts</name>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="36" />
      <source>Client details</source>
      <translation>Datos del cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="37" />
      <source>Visit note</source>
      <translation>Nota de visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="38" />
      <source>Safety plan</source>
      <translation>Plan de seguridad</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="39" />
      <source>Care plan goal</source>
      <translation>Objetivo del plan de atención</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="40" />
      <source>Visit</source>
      <translation>Visita</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="41" />
      <source>Screening</source>
      <translation>Evaluación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="42" />
      <location filename="../../fieldcm/ui/contacts_model.py" line="219" />
      <location filename="../../fieldcm/ui/search_model.py" line="47" />
      <source>Contact</source>
      <translation>Contacto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="43" />
      <location filename="../../fieldcm/ui/search_model.py" line="48" />
      <source>Referral</source>
      <translation>Derivación</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="44" />
      <source>Consent</source>
      <translation>Consentimiento</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="45" />
      <source>Follow-up task</source>
      <translation>Tarea de seguimiento</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="46" />
      <source>Alert</source>
      <translation>Alerta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="53" />
      <source>Deleted or kept</source>
      <translation>Eliminado o conservado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="57" />
      <source>Safe-contact instructions</source>
      <translation>Instrucciones de contacto seguro</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="58" />
      <source>Preferred name</source>
      <translation>Nombre preferido</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="59" />
      <source>Legal name</source>
      <translation>Nombre legal</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="60" />
      <source>Risk tier</source>
      <translation>Nivel de riesgo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="61" />
      <source>Note text</source>
      <translation>Texto de la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="62" />
      <source>Note sections</source>
      <translation>Secciones de la nota</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="63" />
      <source>Goal statement</source>
      <translation>Enunciado del objetivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="64" />
      <source>Notes</source>
      <translation>Notas</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="72" />
      <source>Deleted</source>
      <translation>Eliminado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="72" />
      <source>Kept</source>
      <translation>Conservado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="74" />
      <source>(nothing: removed or empty)</source>
      <translation>(nada: eliminado o vacío)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="80" />
      <source>(empty)</source>
      <translation>(vacío)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="86" />
      <source>(empty list)</source>
      <translation>(lista vacía)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="88" />
      <location filename="../../fieldcm/ui/contacts_model.py" line="204" />
      <source>Yes</source>
      <translation>Sí</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="88" />
      <source>No</source>
      <translation>No</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="107" />
      <source>Another device (no person recorded)</source>
      <translation>Otro dispositivo (sin persona registrada)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="109" />
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="276" />
      <source>You, on this laptop</source>
      <translation>Usted, en esta computadora</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="111" />
      <source>You, on another laptop</source>
      <translation>Usted, en otra computadora</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="112" />
      <source>Someone</source>
      <translation>Alguien</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="113" />
      <source>{name}, on another device</source>
      <translation>{name}, en otro dispositivo</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="118" />
      <location filename="../../fieldcm/ui/conflicts_model.py" line="122" />
      <source>time not recorded</source>
      <translation>hora no registrada</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="168" />
      <source>(one item)</source>
      <translation>(un elemento)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="172" />
      <source>(client no longer on this laptop)</source>
      <translation>(el cliente ya no está en esta computadora)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/conflicts_model.py" line="195" />
      <source>What changed twice</source>
      <translation>Qué cambió dos veces</translation>
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
      <location filename="../../fieldcm/ui/messages.py" line="79" />
      <source>The record is signed or can no longer be changed. Write an addendum instead, or discard this edit.</source>
      <translation>El registro está firmado o ya no se puede cambiar. Escriba un anexo en su lugar o descarte este cambio.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="82" />
      <source>The status change is not allowed from the record's status.</source>
      <translation>El cambio de estado no está permitido desde el estado del registro.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="83" />
      <source>The note is missing something its payer requires.</source>
      <translation>A la nota le falta algo que exige su pagador.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="84" />
      <source>The visit cannot close yet: a required step is missing.</source>
      <translation>La visita aún no se puede cerrar: falta un paso obligatorio.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="85" />
      <source>The change breaks one of the agency's rules for this record.</source>
      <translation>El cambio incumple una de las reglas de la agencia para este registro.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="86" />
      <source>Some value in this edit is not valid.</source>
      <translation>Algún valor de este cambio no es válido.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="88" />
      <source>This laptop's copy of the record was out of date. Send it again: it is made against the newest copy.</source>
      <translation>La copia del registro en esta computadora estaba desactualizada. Envíelo de nuevo: se hará sobre la copia más reciente.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="92" />
      <source>The record is not on the server, or the client is no longer on your caseload.</source>
      <translation>El registro no está en el servidor, o el cliente ya no está en su lista de casos.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="94" />
      <source>Another record already uses this record's id.</source>
      <translation>Otro registro ya usa el identificador de este registro.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="95" />
      <source>The server does not know this kind of record. Update fieldcm.</source>
      <translation>El servidor no conoce este tipo de registro. Actualice fieldcm.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="97" />
      <source>The edit is too large for the agency server. Shorten it (a long pasted text, for example) and send it again.</source>
      <translation>El cambio es demasiado grande para el servidor de la agencia. Acórtelo (por ejemplo, un texto largo pegado) y envíelo de nuevo.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="105" />
      <source>The agency server refused this edit.</source>
      <translation>El servidor de la agencia rechazó este cambio.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="107" />
      <source>The server said: {reason}</source>
      <translation>El servidor dijo: {reason}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/messages.py" line="123" />
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
  <context>
    <name>SafetyPlan</name>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="69" />
      <source>Step 1: Warning signs</source>
      <translation>Paso 1: Señales de alerta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="70" />
      <source>Step 2: Things I can do on my own</source>
      <translation>Paso 2: Cosas que puedo hacer por mi cuenta</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="71" />
      <source>Step 3: People and places that help me feel better</source>
      <translation>Paso 3: Personas y lugares que me ayudan a sentirme mejor</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="72" />
      <source>Step 4: People I can ask for help</source>
      <translation>Paso 4: Personas a quienes puedo pedir ayuda</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="73" />
      <source>Step 5: Professionals and agencies to call in a crisis</source>
      <translation>Paso 5: Profesionales y agencias a quienes llamar en una crisis</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="74" />
      <source>Step 6: Making my surroundings safer</source>
      <translation>Paso 6: Hacer más seguro mi entorno</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="75" />
      <source>My reasons for living</source>
      <translation>Mis razones para vivir</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="82" />
      <source>How will you know when the safety plan should be used?</source>
      <translation>¿Cómo sabrá cuándo usar el plan de seguridad?</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="83" />
      <source>What can you do on your own, without contacting anyone?</source>
      <translation>¿Qué puede hacer por su cuenta, sin contactar a nadie?</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="84" />
      <source>Who or where helps take your mind off things?</source>
      <translation>¿Quién o qué lugar le ayuda a distraerse?</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="85" />
      <source>Whom can you ask for help? Add their phone numbers.</source>
      <translation>¿A quién puede pedir ayuda? Agregue sus números de teléfono.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="86" />
      <source>Clinician and after-hours numbers, crisis centres.</source>
      <translation>Clínico y números fuera de horario, centros de crisis.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="87" />
      <source>How can you make your surroundings safer?</source>
      <translation>¿Cómo puede hacer más seguro su entorno?</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="88" />
      <source>What is one thing worth living for?</source>
      <translation>¿Qué es algo por lo que vale la pena vivir?</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="143" />
      <source>That is not a phone number: use digits, spaces, dashes or brackets.</source>
      <translation>Eso no es un número de teléfono: use dígitos, espacios, guiones o paréntesis.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="145" />
      <source>An item needs some words. To take it out, use Remove.</source>
      <translation>Un elemento necesita algún texto. Para quitarlo, use Quitar.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="210" />
      <source>In the client's words</source>
      <translation>En palabras del cliente</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="222" />
      <source>Item {number} phone: {phone}</source>
      <translation>Teléfono del elemento {number}: {phone}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="223" />
      <source>none</source>
      <translation>ninguno</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="225" />
      <source>Item {number}: {text}</source>
      <translation>Elemento {number}: {text}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="269" />
      <source>Someone (not named by the server)</source>
      <translation>Alguien (el servidor no dio el nombre)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="272" />
      <source>You ({name})</source>
      <translation>Usted ({name})</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="272" />
      <source>You</source>
      <translation>Usted</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="277" />
      <source>Another worker</source>
      <translation>Otro trabajador</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="282" />
      <source>(nothing)</source>
      <translation>(nada)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="297" />
      <source>Added to {section}: {item}</source>
      <translation>Agregado a {section}: {item}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="299" />
      <source>Removed from {section}: {item}</source>
      <translation>Quitado de {section}: {item}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="303" />
      <source>Changed in {section}: {before} → {after}</source>
      <translation>Cambiado en {section}: {before} → {after}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="307" />
      <source>New order in {section}: {order}</source>
      <translation>Nuevo orden en {section}: {order}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="311" />
      <source>Reviewed with the client on {date}</source>
      <translation>Revisado con el cliente el {date}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="312" />
      <source>Kept: {where}</source>
      <translation>Lo guarda: {where}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="312" />
      <source>(not said)</source>
      <translation>(no indicado)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="321" />
      <source>Plan deleted</source>
      <translation>Plan eliminado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="327" />
      <source>A version this app cannot read</source>
      <translation>Una versión que esta aplicación no puede leer</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="332" />
      <source>Plan started</source>
      <translation>Plan iniciado</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="354" />
      <source>(removed)</source>
      <translation>(quitado)</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="365" />
      <source>someone</source>
      <translation>alguien</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="367" />
      <source>Two versions of an item in {section} were resolved by {person}.</source>
      <translation>{person} resolvió dos versiones de un elemento en {section}.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="370" />
      <source>One version, by {person}: {value}</source>
      <translation>Una versión, de {person}: {value}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="373" />
      <source>Other version, by {person}: {value}</source>
      <translation>Otra versión, de {person}: {value}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="377" />
      <source>Kept: {value}</source>
      <translation>Se conservó: {value}</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="380" />
      <source>Disagreement resolved</source>
      <translation>Desacuerdo resuelto</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="453" />
      <source>No safety plan yet. Write it with the client, in their own words.</source>
      <translation>Todavía no hay plan de seguridad. Escríbalo con el cliente, en sus propias palabras.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="457" />
      <source>Missing steps: {steps}.</source>
      <translation>Pasos que faltan: {steps}.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="462" />
      <source>Not yet reviewed with the client.</source>
      <translation>Todavía no se ha revisado con el cliente.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="466" />
      <source>Risk changed on {changed}, after the last review ({reviewed}): review now.</source>
      <translation>El riesgo cambió el {changed}, después de la última revisión ({reviewed}): revise ahora.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="474" />
      <source>Review was due on {due} (every {days} days). Last reviewed {reviewed} by {person}.</source>
      <translation>La revisión vencía el {due} (cada {days} días). Última revisión: {reviewed}, por {person}.</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="479" />
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="487" />
      <source>unknown</source>
      <translation>desconocido</translation>
    </message>
    <message>
      <location filename="../../fieldcm/ui/safety_plan_model.py" line="485" />
      <source>Reviewed {reviewed} by {person}. Next review by {due}.</source>
      <translation>Revisado el {reviewed} por {person}. Próxima revisión antes del {due}.</translation>
    </message>
  </context>
</TS>