<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CaseImagesModel</name>
    <message>
        <location filename="../../ui/models/case_images.py" line="+84"/>
        <source>{name} → JPG</source>
        <translation>{name} → JPG</translation>
    </message>
</context>
<context>
    <name>CaseStatusBar</name>
    <message>
        <location filename="../../ui/views/case_status.py" line="+44"/>
        <source>Check the complaint picture&apos;s originality again</source>
        <translation>Check the complaint picture&apos;s originality again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find my original from the listing&apos;s image…</source>
        <translation>Find my original from the listing&apos;s image…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print the ownership evidence</source>
        <translation>Print the ownership evidence</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add model proof</source>
        <translation>Add model proof</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose behind-the-scenes pictures of the same shoot</source>
        <translation>Choose behind-the-scenes pictures of the same shoot</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Mark as submitted…</source>
        <translation>Mark as submitted…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record the result…</source>
        <translation>Record the result…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Resubmit as a new case</source>
        <translation>Resubmit as a new case</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add these pictures to that case</source>
        <translation>Add these pictures to that case</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Export the bundle first</source>
        <translation>Export the bundle first</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Complaint number {number}, submitted {at}</source>
        <translation>Complaint number {number}, submitted {at}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Resubmitted as {folder}</source>
        <translation>Resubmitted as {folder}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resubmission of {folder}</source>
        <translation>Resubmission of {folder}</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Did you withdraw this complaint on the platform (客服中心 - 我的进度 - 撤销投诉)?</source>
        <translation>Did you withdraw this complaint on the platform (客服中心 - 我的进度 - 撤销投诉)?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdraw the complaint</source>
        <translation>Withdraw the complaint</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../ui/views/case_view.py" line="+81"/>
        <source>Complaint picture</source>
        <translation>Complaint picture</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Behind the scenes</source>
        <translation>Behind the scenes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model proof</source>
        <translation>Model proof</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>← Home</source>
        <translation>← Home</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+81"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-78"/>
        <source>Export bundle</source>
        <translation>Export bundle</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+412"/>
        <source>Open the bundle folder</source>
        <translation>Open the bundle folder</translation>
    </message>
    <message>
        <location line="-388"/>
        <source>Accused listing</source>
        <translation>Accused listing</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Add pictures…</source>
        <translation>Add pictures…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add folder…</source>
        <translation>Add folder…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find my original…</source>
        <translation>Find my original…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From the other seller&apos;s listing image to your original, which becomes this case&apos;s complaint picture</source>
        <translation>From the other seller&apos;s listing image to your original, which becomes this case&apos;s complaint picture</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Use as complaint picture</source>
        <translation>Use as complaint picture</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use as behind the scenes</source>
        <translation>Use as behind the scenes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Takes the picture out of this case; your file is not touched</source>
        <translation>Takes the picture out of this case; your file is not touched</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Adding %v of %m</source>
        <translation>Adding %v of %m</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop adding</source>
        <translation>Stop adding</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Selected picture:</source>
        <translation>Selected picture:</translation>
    </message>
    <message>
        <location line="-77"/>
        <source>Drop photos or folders here, or use “Add pictures…”.
The first picture becomes the complaint picture; the others behind-the-scenes pictures. Your files are never changed.</source>
        <translation>Drop photos or folders here, or use “Add pictures…”.
The first picture becomes the complaint picture; the others behind-the-scenes pictures. Your files are never changed.</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Behind-the-scenes suggestions</source>
        <translation>Behind-the-scenes suggestions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <location line="-155"/>
        <location line="+177"/>
        <source>All changes saved</source>
        <translation>All changes saved</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not saved</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your changes stay in the window; the app saves them again with your next change and when you close it.</source>
        <translation>Your changes stay in the window; the app saves them again with your next change and when you close it.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>New complaint</source>
        <translation>New complaint</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Convert RAW/HEIC to JPEG (%n)</source>
        <translation>
            <numerusform>Convert RAW/HEIC to JPEG (%n)</numerusform>
            <numerusform>Convert RAW/HEIC to JPEG (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+18"/>
        <location line="+2"/>
        <source>Add pictures</source>
        <translation>Add pictures</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Only files on this computer can be added. Save the picture to a folder first (or use the original from the camera), then drag that file here.</source>
        <translation>Only files on this computer can be added. Save the picture to a folder first (or use the original from the camera), then drag that file here.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>These pictures are already in this complaint.</source>
        <translation>These pictures are already in this complaint.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No pictures were found there. The app takes JPG, PNG, HEIC and camera RAW files (CR2, CR3, NEF, ARW, DNG…); choose the photos themselves or the folder that holds them.</source>
        <translation>No pictures were found there. The app takes JPG, PNG, HEIC and camera RAW files (CR2, CR3, NEF, ARW, DNG…); choose the photos themselves or the folder that holds them.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Add pictures to the complaint</source>
        <translation>Add pictures to the complaint</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add a folder of pictures</source>
        <translation>Add a folder of pictures</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Remove from this complaint</source>
        <translation>Remove from this complaint</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Take %n picture(s) out of this complaint? Your files stay where they are, untouched. Edit → Undo (Ctrl+Z) brings them back.</source>
        <translation>
            <numerusform>Take %n picture(s) out of this complaint? Your files stay where they are, untouched. Edit → Undo (Ctrl+Z) brings them back.</numerusform>
            <numerusform>Take %n picture(s) out of this complaint? Your files stay where they are, untouched. Edit → Undo (Ctrl+Z) brings them back.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+49"/>
        <source>Not ready yet</source>
        <translation>Not ready yet</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Where should the bundle go?</source>
        <translation>Where should the bundle go?</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Authorized seller</source>
        <translation>Authorized seller</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the complaint anyway?</source>
        <translation>Export the complaint anyway?</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Bundle ready</source>
        <translation>Bundle ready</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>The bundle is in {folder}. Upload the files field by field as report.html shows.</source>
        <translation>The bundle is in {folder}. Upload the files field by field as report.html shows.</translation>
    </message>
    <message numerus="yes">
        <location line="-55"/>
        <location line="+49"/>
        <source>%n item(s) in the checklist must be fixed or explained before export.</source>
        <translation>
            <numerusform>%n item(s) in the checklist must be fixed or explained before export.</numerusform>
            <numerusform>%n item(s) in the checklist must be fixed or explained before export.</numerusform>
        </translation>
    </message>
    <message>
        <location line="-44"/>
        <source>Export with explanations?</source>
        <translation>Export with explanations?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export anyway?</source>
        <translation>Export anyway?</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>No program opened the folder. The bundle is here (the path is also copied, paste it into your file manager):</source>
        <translation>No program opened the folder. The bundle is here (the path is also copied, paste it into your file manager):</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The picture from the accused listing</source>
        <translation>The picture from the accused listing</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Ownership evidence</source>
        <translation>Ownership evidence</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The evidence page is in the case folder and opens in your browser: print it from there.

{legal}</source>
        <translation>The evidence page is in the case folder and opens in your browser: print it from there.

{legal}</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <location filename="../../ui/views/checklist_panel.py" line="+34"/>
        <location line="+32"/>
        <source>Checking the case…</source>
        <translation>Checking the case…</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Explained by you: {reason}</source>
        <translation>Explained by you: {reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Explain…</source>
        <translation>Explain…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submit this photo anyway: your reason is recorded for this photo only, in the case and the export</source>
        <translation>Submit this photo anyway: your reason is recorded for this photo only, in the case and the export</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take back the explanation</source>
        <translation>Take back the explanation</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Not a model</source>
        <translation>Not a model</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n face(s) outlined in red have no model proof. Why is none of them a model? (e.g. a painting, a poster, a passer-by)</source>
        <translation>
            <numerusform>%n face(s) outlined in red have no model proof. Why is none of them a model? (e.g. a painting, a poster, a passer-by)</numerusform>
            <numerusform>%n face(s) outlined in red have no model proof. Why is none of them a model? (e.g. a painting, a poster, a passer-by)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Explain</source>
        <translation>Explain</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why can this photo be submitted anyway? Your reason is recorded for this photo only, in the case and the export. The platform may still reject it.</source>
        <translation>Why can this photo be submitted anyway? Your reason is recorded for this photo only, in the case and the export. The platform may still reject it.</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../ui/views/detail_pane.py" line="+165"/>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File size</source>
        <translation>File size</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pixels</source>
        <translation>Pixels</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Body serial</source>
        <translation>Body serial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken at</source>
        <translation>Taken at</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Faces</source>
        <translation>Faces</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Explained by you: {reason}</source>
        <translation>Explained by you: {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Select a picture to see its details.</source>
        <translation>Select a picture to see its details.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Outline a missed face</source>
        <translation>Outline a missed face</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The face check missed a face? Drag a box around it on the picture: it then needs a model&apos;s proof like any other face.</source>
        <translation>The face check missed a face? Drag a box around it on the picture: it then needs a model&apos;s proof like any other face.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Checks</source>
        <translation>Checks</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Must be fixed (or explained) before export</source>
        <translation>Must be fixed (or explained) before export</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explained by you: can be exported, but the platform may still reject it</source>
        <translation>Explained by you: can be exported, but the platform may still reject it</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Can be exported; worth a look</source>
        <translation>Can be exported; worth a look</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✓ Passes every check</source>
        <translation>✓ Passes every check</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{role} of {model}</source>
        <translation>{role} of {model}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{source} converted to JPEG</source>
        <translation>{source} converted to JPEG</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+1"/>
        <location line="+1"/>
        <source>not recorded</source>
        <translation>not recorded</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not checked (ID photo)</source>
        <translation>not checked (ID photo)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>checking…</source>
        <translation>checking…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>could not be checked</source>
        <translation>could not be checked</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n face(s) found</source>
        <translation>
            <numerusform>%n face found</numerusform>
            <numerusform>%n faces found</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>none</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../ui/widgets/dialogs.py" line="+49"/>
        <source>Pictures ({patterns});;All files (*)</source>
        <translation>Pictures ({patterns});;All files (*)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/errors.py" line="+55"/>
        <source>The computer ran out of memory. Close other programs and try again.</source>
        <translation>The computer ran out of memory. Close other programs and try again.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The app is not allowed to read or write a file or folder. Check that the folder is not read-only and that you have access to it.</source>
        <translation>The app is not allowed to read or write a file or folder. Check that the folder is not read-only and that you have access to it.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A file or folder is no longer where it was. It may have been moved, renamed or deleted.</source>
        <translation>A file or folder is no longer where it was. It may have been moved, renamed or deleted.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The disk is full. Free some space and try again.</source>
        <translation>The disk is full. Free some space and try again.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A file could not be read or written. Check the disk and try again.</source>
        <translation>A file could not be read or written. Check the disk and try again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong inside the app. Your case is saved; you can keep working.</source>
        <translation>Something went wrong inside the app. Your case is saved; you can keep working.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Something went wrong</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The details are also in the log file: {path}</source>
        <translation>The details are also in the log file: {path}</translation>
    </message>
</context>
<context>
    <name>ListingPanel</name>
    <message>
        <location filename="../../ui/views/listing_panel.py" line="+26"/>
        <source>Shop name of the accused seller</source>
        <translation>Shop name of the accused seller</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>+ Another link</source>
        <translation>+ Another link</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Seller</source>
        <translation>Seller</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Listing link(s) of the copied product</source>
        <translation>Listing link(s) of the copied product</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Paste the link, e.g. https://detail.1688.com/offer/123456.html</source>
        <translation>Paste the link, e.g. https://detail.1688.com/offer/123456.html</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Will be submitted as: {url}</source>
        <translation>Will be submitted as: {url}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="+72"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New complaint</source>
        <translation>New complaint</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open a case folder…</source>
        <translation>Open a case folder…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+26"/>
        <source>Quick guide</source>
        <translation>Quick guide</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Open the log folder</source>
        <translation>Open the log folder</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+47"/>
        <source>About</source>
        <translation>About</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Three steps</source>
        <translation>Three steps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1. Add pictures: the complaint picture (the original that was copied) and a few behind-the-scenes pictures of the same shoot (the 花絮图推荐 tab finds them).</source>
        <translation>1. Add pictures: the complaint picture (the original that was copied) and a few behind-the-scenes pictures of the same shoot (the 花絮图推荐 tab finds them).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>2. Work through the checklist: fix each red cross, or explain it (说明理由) if you are sure the platform will accept it. An explanation covers that one photo only.</source>
        <translation>2. Work through the checklist: fix each red cross, or explain it (说明理由) if you are sure the platform will accept it. An explanation covers that one photo only.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>3. Export the bundle and upload its files field by field, as report.html shows.</source>
        <translation>3. Export the bundle and upload its files field by field, as report.html shows.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the badges mean</source>
        <translation>What the badges mean</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Red cross: must be fixed (or explained) before export · purple speech bubble: you explained it, it can be exported but the platform may still reject it · yellow triangle: worth a look · green tick: passes every check</source>
        <translation>Red cross: must be fixed (or explained) before export · purple speech bubble: you explained it, it can be exported but the platform may still reject it · yellow triangle: worth a look · green tick: passes every check</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What the platform checks</source>
        <translation>What the platform checks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An original straight from the camera or phone (not edited, not compressed by a chat app), 200 KB to 20 MB, JPG/PNG (RAW and HEIC converted), behind-the-scenes pictures of the same shoot, and for every visible model face a photo of the model holding the front of their ID card with a signed authorization.</source>
        <translation>An original straight from the camera or phone (not edited, not compressed by a chat app), 200 KB to 20 MB, JPG/PNG (RAW and HEIC converted), behind-the-scenes pictures of the same shoot, and for every visible model face a photo of the model holding the front of their ID card with a signed authorization.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{name} {version}
Works offline. Your photos are never changed.</source>
        <translation>{name} {version}
Works offline. Your photos are never changed.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Choose a case folder</source>
        <translation>Choose a case folder</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Find my original</source>
        <translation>Find my original</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finding the original from the listing&apos;s picture is not in this version yet. Compare the listing&apos;s picture with your shoot and choose the exact frame.</source>
        <translation>Finding the original from the listing&apos;s picture is not in this version yet. Compare the listing&apos;s picture with your shoot and choose the exact frame.</translation>
    </message>
</context>
<context>
    <name>MatchChoice</name>
    <message>
        <location filename="../../ui/views/match_choice.py" line="+53"/>
        <source>The choice was not recorded: %1 cannot be read now (%2). If it was moved or deleted, put it back or find the original again.</source>
        <translation>The choice was not recorded: %1 cannot be read now (%2). If it was moved or deleted, put it back or find the original again.</translation>
    </message>
</context>
<context>
    <name>MatchDialog</name>
    <message>
        <location filename="../../ui/views/match_dialog.py" line="+80"/>
        <source>Find my original</source>
        <translation>Find my original</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Drop the listing image here, paste a screenshot (Ctrl+V), or choose a file.</source>
        <translation>Drop the listing image here, paste a screenshot (Ctrl+V), or choose a file.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose listing image…</source>
        <translation>Choose listing image…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paste</source>
        <translation>Paste</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Use as complaint picture</source>
        <translation>Use as complaint picture</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Pasted screenshot %1</source>
        <translation>Pasted screenshot %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose listing image</source>
        <translation>Choose listing image</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Add your photo folders to the library on the start screen first.</source>
        <translation>Add your photo folders to the library on the start screen first.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Searching the library…</source>
        <translation>Searching the library…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Indexing the library: %1 of %2</source>
        <translation>Indexing the library: %1 of %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Pick the original the listing was made from.</source>
        <translation>Pick the original the listing was made from.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>score %1</source>
        <translation>score %1</translation>
    </message>
    <message>
        <source> (mirrored)</source>
        <translation type="vanished"> (mirrored)</translation>
    </message>
</context>
<context>
    <name>PeoplePanel</name>
    <message>
        <location filename="../../ui/views/people_panel.py" line="+76"/>
        <source>If a model&apos;s face can be seen, the platform needs a photo of the model holding the front of their ID card. ID photos are kept only in this case and its export.</source>
        <translation>If a model&apos;s face can be seen, the platform needs a photo of the model holding the front of their ID card. ID photos are kept only in this case and its export.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add model and ID photo…</source>
        <translation>Add model and ID photo…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Appears in selected picture</source>
        <translation>Appears in selected picture</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+218"/>
        <source>Remove model</source>
        <translation>Remove model</translation>
    </message>
    <message>
        <location line="-216"/>
        <source>Print authorization…</source>
        <translation>Print authorization…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A 模特授权书 page filled in from this case (model, shoot dates, scope) to print, sign and attach</source>
        <translation>A 模特授权书 page filled in from this case (model, shoot dates, scope) to print, sign and attach</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attach signed authorization…</source>
        <translation>Attach signed authorization…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Keep for later complaints</source>
        <translation>Keep for later complaints</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stores this model&apos;s ID photos in this app&apos;s data folder on this computer, so later complaints can add them with one click.</source>
        <translation>Stores this model&apos;s ID photos in this app&apos;s data folder on this computer, so later complaints can add them with one click.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Submit the ID photo with a purpose watermark</source>
        <translation>Submit the ID photo with a purpose watermark</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Puts “仅限图片侵权投诉使用” and today&apos;s date on a copy of the ID photo; the export carries that copy.</source>
        <translation>Puts “仅限图片侵权投诉使用” and today&apos;s date on a copy of the ID photo; the export carries that copy.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Faces outlined in red are not models…</source>
        <translation>Faces outlined in red are not models…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A painting, a poster, a passer-by: say why, face by face; the reason goes into the case and the export</source>
        <translation>A painting, a poster, a passer-by: say why, face by face; the reason goes into the case and the export</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+251"/>
        <source>Add from saved models</source>
        <translation>Add from saved models</translation>
    </message>
    <message>
        <location line="-249"/>
        <source>Delete saved model…</source>
        <translation>Delete saved model…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No saved models yet. Tick “Keep for later complaints” on a model to find it here next time.</source>
        <translation>No saved models yet. Tick “Keep for later complaints” on a model to find it here next time.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Saved models (on this computer only)</source>
        <translation>Saved models (on this computer only)</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n ID photo(s)</source>
        <translation>
            <numerusform>%n ID photo</numerusform>
            <numerusform>%n ID photos</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no ID photo yet</source>
        <translation>no ID photo yet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>appears in: {names}</source>
        <translation>appears in: {names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not linked to a picture yet</source>
        <translation>not linked to a picture yet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>signed authorization attached</source>
        <translation>signed authorization attached</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no signed authorization yet</source>
        <translation>no signed authorization yet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>watermarked</source>
        <translation>watermarked</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>saved for later</source>
        <translation>saved for later</translation>
    </message>
    <message numerus="yes">
        <location line="+50"/>
        <source>%n face(s) without model proof, outlined in red in: </source>
        <translation>
            <numerusform>%n face(s) without model proof, outlined in red in: </numerusform>
            <numerusform>%n face(s) without model proof, outlined in red in: </numerusform>
        </translation>
    </message>
    <message>
        <location line="+99"/>
        <source>Not a model</source>
        <translation>Not a model</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n face(s) outlined in red have no model proof. Why is none of them a model? (e.g. a painting, a poster, a passer-by)</source>
        <translation>
            <numerusform>%n face(s) outlined in red have no model proof. Why is none of them a model? (e.g. a painting, a poster, a passer-by)</numerusform>
            <numerusform>%n face(s) outlined in red have no model proof. Why is none of them a model? (e.g. a painting, a poster, a passer-by)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The signed authorization (photo or scan)</source>
        <translation>The signed authorization (photo or scan)</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>No picture is waiting for model proof.</source>
        <translation>No picture is waiting for model proof.</translation>
    </message>
    <message numerus="yes">
        <location line="+38"/>
        <source>{name} · %n ID photo(s)</source>
        <translation>
            <numerusform>{name} · %n ID photo</numerusform>
            <numerusform>{name} · %n ID photos</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add model</source>
        <translation>Add model</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model&apos;s name</source>
        <translation>Model&apos;s name</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the photo of {name} holding the ID card</source>
        <translation>Choose the photo of {name} holding the ID card</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Remove {name} and delete the ID photo copies from this case?</source>
        <translation>Remove {name} and delete the ID photo copies from this case?</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>{name} is already in this complaint.</source>
        <translation>{name} is already in this complaint.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delete saved model</source>
        <translation>Delete saved model</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the saved copy of {name} and their ID photos from this computer? Complaints that already use them keep their own copies.</source>
        <translation>Delete the saved copy of {name} and their ID photos from this computer? Complaints that already use them keep their own copies.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The export carries the ID photo as it was given again.</source>
        <translation>The export carries the ID photo as it was given again.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No Chinese font was found on this computer, so the watermark was written in English: “{text}”. The ID photo itself is unchanged.</source>
        <translation>No Chinese font was found on this computer, so the watermark was written in English: “{text}”. The ID photo itself is unchanged.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The export carries a copy marked “{text}”. The ID photo itself is unchanged.</source>
        <translation>The export carries a copy marked “{text}”. The ID photo itself is unchanged.</translation>
    </message>
</context>
<context>
    <name>SellersDialog</name>
    <message>
        <location filename="../../ui/views/sellers_dialog.py" line="+31"/>
        <source>Authorized sellers</source>
        <translation>Authorized sellers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Distributors and shops you allow to use your photos. A complaint against one of them asks before export. (The platform&apos;s own image protection keeps such a list too: add them there as well.)</source>
        <translation>Distributors and shops you allow to use your photos. A complaint against one of them asks before export. (The platform&apos;s own image protection keeps such a list too: add them there as well.)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Shop name</source>
        <translation>Shop name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note (e.g. distributor since 2025)</source>
        <translation>Note (e.g. distributor since 2025)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>StartView</name>
    <message>
        <location filename="../../ui/views/start_view.py" line="+110"/>
        <source>Original-photo complaint assistant</source>
        <translation>Original-photo complaint assistant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prepare image-infringement complaints for 1688 and Taobao: check that your photos are originals, collect the shoot and model proof, export a bundle.</source>
        <translation>Prepare image-infringement complaints for 1688 and Taobao: check that your photos are originals, collect the shoot and model proof, export a bundle.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>New complaint</source>
        <translation>New complaint</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open a case folder…</source>
        <translation>Open a case folder…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Search by seller</source>
        <translation>Search by seller</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Authorized sellers…</source>
        <translation>Authorized sellers…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distributors allowed to use your photos (许可名单): the app warns before a complaint against them</source>
        <translation>Distributors allowed to use your photos (许可名单): the app warns before a complaint against them</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Continue selected</source>
        <translation>Continue selected</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No complaints yet. Start with “New complaint”.</source>
        <translation>No complaints yet. Start with “New complaint”.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Complaints</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No photo folder yet. Click “Add folder…” and choose the folder where your product photos are kept.</source>
        <translation>No photo folder yet. Click “Add folder…” and choose the folder where your product photos are kept.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add folder…</source>
        <translation>Add folder…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The app forgets the folder; your photos stay where they are</source>
        <translation>The app forgets the folder; your photos stay where they are</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan again</source>
        <translation>Scan again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find my original…</source>
        <translation>Find my original…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop the image from the other seller&apos;s listing: the app finds the photo of yours it was made from</source>
        <translation>Drop the image from the other seller&apos;s listing: the app finds the photo of yours it was made from</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folders where you keep your product photos. The app reads them (never changes them) to find other pictures of the same shoot.</source>
        <translation>Folders where you keep your product photos. The app reads them (never changes them) to find other pictures of the same shoot.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Photo library</source>
        <translation>Photo library</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Add the photos</source>
        <translation>Add the photos</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The complaint picture and other pictures of the same shoot. RAW and HEIC convert to JPEG with one click.</source>
        <translation>The complaint picture and other pictures of the same shoot. RAW and HEIC convert to JPEG with one click.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Work through the checklist</source>
        <translation>Work through the checklist</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Originals, size, format, faces and model proof, the listing link: each item says how to fix it.</source>
        <translation>Originals, size, format, faces and model proof, the listing link: each item says how to fix it.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export and upload</source>
        <translation>Export and upload</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>One folder per form field, with a report that says which file goes where.</source>
        <translation>One folder per form field, with a report that says which file goes where.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>This case cannot be read</source>
        <translation>This case cannot be read</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Complaint without seller name</source>
        <translation>Complaint without seller name</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n picture(s)</source>
        <translation>
            <numerusform>%n picture</numerusform>
            <numerusform>%n pictures</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No. {number}</source>
        <translation>No. {number}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot be read</source>
        <translation>Cannot be read</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>not scanned yet</source>
        <translation>not scanned yet</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n photo</numerusform>
            <numerusform>%n photos</numerusform>
        </translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Choose a folder with your photos</source>
        <translation>Choose a folder with your photos</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Reading the photo folders…</source>
        <translation>Reading the photo folders…</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%n photo(s) in the library</source>
        <translation>
            <numerusform>%n photo in the library</numerusform>
            <numerusform>%n photos in the library</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n new</source>
        <translation>
            <numerusform>%n new</numerusform>
            <numerusform>%n new</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not open %1 (is the drive connected?). Its photos stay in the library; scan again once it is back.</source>
        <translation>Could not open %1 (is the drive connected?). Its photos stay in the library; scan again once it is back.</translation>
    </message>
    <message numerus="yes">
        <location line="-13"/>
        <source>Re-reading %n photo(s): this version of the app reads more from them (such as the camera body&apos;s serial number). Your photos are not changed.</source>
        <translation>
            <numerusform>Re-reading %n photo: this version of the app reads more from them (such as the camera body&apos;s serial number). Your photos are not changed.</numerusform>
            <numerusform>Re-reading %n photos: this version of the app reads more from them (such as the camera body&apos;s serial number). Your photos are not changed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n read again</source>
        <translation>
            <numerusform>%n read again</numerusform>
            <numerusform>%n read again</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SuggestionsPanel</name>
    <message>
        <location filename="../../ui/views/suggestions_panel.py" line="+42"/>
        <source>already in the case</source>
        <translation>already in the case</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Find behind-the-scenes photos</source>
        <translation>Find behind-the-scenes photos</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add a photo library folder…</source>
        <translation>Add a photo library folder…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add selected</source>
        <translation>Add selected</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add recommended</source>
        <translation>Add recommended</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adds the best suggestions that pass every rule</source>
        <translation>Adds the best suggestions that pass every rule</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Choose the complaint picture first: suggestions come from the same shoot.</source>
        <translation>Choose the complaint picture first: suggestions come from the same shoot.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the folder where you keep your photos. The app looks there for other pictures of the same shoot as the complaint picture.</source>
        <translation>Add the folder where you keep your photos. The app looks there for other pictures of the same shoot as the complaint picture.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Looks in {count} library folder(s) for pictures of the same shoot as {name}: same camera body, shortly before or after, or another device during the shoot.</source>
        <translation>Looks in {count} library folder(s) for pictures of the same shoot as {name}: same camera body, shortly before or after, or another device during the shoot.</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>No other pictures of this shoot were found in the library folders.</source>
        <translation>No other pictures of this shoot were found in the library folders.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n near-duplicate(s) of the complaint picture hidden: show</source>
        <translation>
            <numerusform>%n near-duplicate(s) of the complaint picture hidden: show</numerusform>
            <numerusform>%n near-duplicate(s) of the complaint picture hidden: show</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Near-duplicates of the complaint picture</source>
        <translation>Near-duplicates of the complaint picture</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These photos look (almost) the same as the complaint picture, so they do not show another angle of the shoot and were left out:</source>
        <translation>These photos look (almost) the same as the complaint picture, so they do not show another angle of the shoot and were left out:</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Add a photo that fails a rule?</source>
        <translation>Add a photo that fails a rule?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This photo fails a platform rule:</source>
        <translation>This photo fails a platform rule:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It will be blocked in the checklist until it is fixed or explained. Add it anyway?</source>
        <translation>It will be blocked in the checklist until it is fixed or explained. Add it anyway?</translation>
    </message>
    <message numerus="yes">
        <location line="-56"/>
        <source>Re-reading %n photo(s) of the library: this version of the app reads more from them (such as the camera body&apos;s serial number). Your photos are not changed.</source>
        <translation>
            <numerusform>Re-reading %n photo of the library: this version of the app reads more from them (such as the camera body&apos;s serial number). Your photos are not changed.</numerusform>
            <numerusform>Re-reading %n photos of the library: this version of the app reads more from them (such as the camera body&apos;s serial number). Your photos are not changed.</numerusform>
        </translation>
    </message>
</context>
</TS>
