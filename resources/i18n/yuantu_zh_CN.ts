<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CaseImagesModel</name>
    <message>
        <location filename="../../ui/models/case_images.py" line="+84"/>
        <source>{name} → JPG</source>
        <translation>{name} → 已转为 JPG</translation>
    </message>
</context>
<context>
    <name>CaseStatusBar</name>
    <message>
        <location filename="../../ui/views/case_status.py" line="+44"/>
        <source>Check the complaint picture&apos;s originality again</source>
        <translation>重新检查投诉图是不是原图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find my original from the listing&apos;s image…</source>
        <translation>用被投诉商品的图片找原图…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print the ownership evidence</source>
        <translation>打印归属证据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add model proof</source>
        <translation>添加模特证明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose behind-the-scenes pictures of the same shoot</source>
        <translation>选择同一次拍摄的花絮图</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Mark as submitted…</source>
        <translation>登记为已提交…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record the result…</source>
        <translation>登记平台结果…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Withdrawn</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Resubmit as a new case</source>
        <translation>重新投诉（新建关联案件）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add these pictures to that case</source>
        <translation>把这些图片加到那个案件里</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Export the bundle first</source>
        <translation>请先导出投诉资料包</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Complaint number {number}, submitted {at}</source>
        <translation>投诉单号 {number}，{at} 提交</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Resubmitted as {folder}</source>
        <translation>已重新投诉：{folder}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resubmission of {folder}</source>
        <translation>重新投诉自：{folder}</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Did you withdraw this complaint on the platform (客服中心 - 我的进度 - 撤销投诉)?</source>
        <translation>您已经在平台上撤销了这个投诉吗（客服中心 - 我的进度 - 撤销投诉）？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdraw the complaint</source>
        <translation>撤销投诉</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../ui/views/case_view.py" line="+81"/>
        <source>Complaint picture</source>
        <translation>投诉图</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Behind the scenes</source>
        <translation>花絮图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model proof</source>
        <translation>模特证明</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>← Home</source>
        <translation>← 首页</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+81"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="-78"/>
        <source>Export bundle</source>
        <translation>导出投诉资料包</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+412"/>
        <source>Open the bundle folder</source>
        <translation>打开资料包文件夹</translation>
    </message>
    <message>
        <location line="-388"/>
        <source>Accused listing</source>
        <translation>被投诉的商品</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Checklist</source>
        <translation>待办清单</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Add pictures…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find my original…</source>
        <translation>找原图…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From the other seller&apos;s listing image to your original, which becomes this case&apos;s complaint picture</source>
        <translation>从对方商品页上的图片找到您的原图，并把它设为本投诉的投诉图</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Use as complaint picture</source>
        <translation>设为投诉图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use as behind the scenes</source>
        <translation>设为花絮图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Takes the picture out of this case; your file is not touched</source>
        <translation>从本次投诉中移除这张照片；您的原文件不会被改动</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Adding %v of %m</source>
        <translation>正在添加 %v / %m 张</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop adding</source>
        <translation>停止添加</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Selected picture:</source>
        <translation>所选照片：</translation>
    </message>
    <message>
        <location line="-77"/>
        <source>Drop photos or folders here, or use “Add pictures…”.
The first picture becomes the complaint picture; the others behind-the-scenes pictures. Your files are never changed.</source>
        <translation>把照片或文件夹拖到这里，或点击“添加照片…”。
第一张会作为投诉图，其余作为花絮图。您的原文件永远不会被修改。</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Details</source>
        <translation>照片详情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Behind-the-scenes suggestions</source>
        <translation>花絮图推荐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models</source>
        <translation>模特证明</translation>
    </message>
    <message>
        <location line="-155"/>
        <location line="+177"/>
        <source>All changes saved</source>
        <translation>已自动保存</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your changes stay in the window; the app saves them again with your next change and when you close it.</source>
        <translation>您的修改仍在窗口里；下次修改时和关闭软件时，软件会再次保存。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>New complaint</source>
        <translation>新建投诉</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Convert RAW/HEIC to JPEG (%n)</source>
        <translation>
            <numerusform>把 RAW/HEIC 转为 JPG（%n 张）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+18"/>
        <location line="+2"/>
        <source>Add pictures</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Only files on this computer can be added. Save the picture to a folder first (or use the original from the camera), then drag that file here.</source>
        <translation>只能添加电脑上的文件。请先把图片保存到文件夹里（最好用相机或手机里的原图），再把那个文件拖到这里。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>These pictures are already in this complaint.</source>
        <translation>这些照片已经在这个投诉里了。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No pictures were found there. The app takes JPG, PNG, HEIC and camera RAW files (CR2, CR3, NEF, ARW, DNG…); choose the photos themselves or the folder that holds them.</source>
        <translation>那里没有找到照片。软件支持 JPG、PNG、HEIC 和相机 RAW 文件（CR2、CR3、NEF、ARW、DNG…）；请选择照片本身，或存放照片的文件夹。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Add pictures to the complaint</source>
        <translation>添加照片到本次投诉</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add a folder of pictures</source>
        <translation>添加一个照片文件夹</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Remove from this complaint</source>
        <translation>从投诉中移除</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Take %n picture(s) out of this complaint? Your files stay where they are, untouched. Edit → Undo (Ctrl+Z) brings them back.</source>
        <translation>
            <numerusform>把这 %n 张照片从投诉中移除？您的原文件留在原处，不会被改动。需要时可用“编辑 → 撤销”（Ctrl+Z）找回。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+49"/>
        <source>Not ready yet</source>
        <translation>还不能导出</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Where should the bundle go?</source>
        <translation>投诉资料包保存到哪里？</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Authorized seller</source>
        <translation>许可名单里的店铺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the complaint anyway?</source>
        <translation>仍然导出这个投诉吗？</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Bundle ready</source>
        <translation>资料包已生成</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>The bundle is in {folder}. Upload the files field by field as report.html shows.</source>
        <translation>资料包在 {folder}。请按 report.html 的说明，逐栏上传到投诉表单。</translation>
    </message>
    <message numerus="yes">
        <location line="-55"/>
        <location line="+49"/>
        <source>%n item(s) in the checklist must be fixed or explained before export.</source>
        <translation>
            <numerusform>清单里还有 %n 项需要解决或说明理由，才能导出。</numerusform>
        </translation>
    </message>
    <message>
        <location line="-44"/>
        <source>Export with explanations?</source>
        <translation>带着您的说明导出？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export anyway?</source>
        <translation>仍然导出吗？</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>No program opened the folder. The bundle is here (the path is also copied, paste it into your file manager):</source>
        <translation>电脑上没有程序能打开这个文件夹。材料包在下面的位置（路径已复制，可以粘贴到文件管理器的地址栏）：</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The picture from the accused listing</source>
        <translation>被投诉商品上的图片</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Ownership evidence</source>
        <translation>归属证据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The evidence page is in the case folder and opens in your browser: print it from there.

{legal}</source>
        <translation>证据页面保存在案件文件夹里，并已在浏览器中打开：可以从浏览器打印。

{legal}</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <location filename="../../ui/views/checklist_panel.py" line="+34"/>
        <location line="+32"/>
        <source>Checking the case…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Explained by you: {reason}</source>
        <translation>您已说明理由：{reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Explain…</source>
        <translation>说明理由…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submit this photo anyway: your reason is recorded for this photo only, in the case and the export</source>
        <translation>仍然提交这张照片：理由只对这一张照片有效，会记入案件和导出材料</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take back the explanation</source>
        <translation>撤回说明</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Not a model</source>
        <translation>不是模特</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n face(s) outlined in red have no model proof. Why is none of them a model? (e.g. a painting, a poster, a passer-by)</source>
        <translation>
            <numerusform>红框标出的 %n 张人脸还没有模特证明。为什么它们都不是模特？（例如画像、海报、路人）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Explain</source>
        <translation>说明理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why can this photo be submitted anyway? Your reason is recorded for this photo only, in the case and the export. The platform may still reject it.</source>
        <translation>为什么这张照片仍然可以提交？理由只对这一张照片有效，会记入案件和导出材料。平台仍可能因此驳回。</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../ui/views/detail_pane.py" line="+165"/>
        <source>Role</source>
        <translation>用途</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Body serial</source>
        <translation>机身序列号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken at</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Faces</source>
        <translation>人脸</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Explained by you: {reason}</source>
        <translation>您已说明理由：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Select a picture to see its details.</source>
        <translation>点击一张照片查看详情。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Outline a missed face</source>
        <translation>标出漏掉的人脸</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The face check missed a face? Drag a box around it on the picture: it then needs a model&apos;s proof like any other face.</source>
        <translation>人脸检查漏掉了一张脸？在图上拖出一个框把它圈起来：它和其他人脸一样需要模特证明。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Checks</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Must be fixed (or explained) before export</source>
        <translation>导出前需要解决（或说明理由）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explained by you: can be exported, but the platform may still reject it</source>
        <translation>您已说明理由：可以导出，但平台仍可能因此驳回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Can be exported; worth a look</source>
        <translation>可以导出，有需要留意的地方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✓ Passes every check</source>
        <translation>✓ 所有检查都通过</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{role} of {model}</source>
        <translation>{model} 的{role}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{source} converted to JPEG</source>
        <translation>由 {source} 转换的 JPG</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+1"/>
        <location line="+1"/>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not checked (ID photo)</source>
        <translation>不检查（身份证照片）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>checking…</source>
        <translation>检查中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>could not be checked</source>
        <translation>无法检查</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n face(s) found</source>
        <translation>
            <numerusform>发现 %n 张人脸</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>没有</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../ui/widgets/dialogs.py" line="+49"/>
        <source>Pictures ({patterns});;All files (*)</source>
        <translation>照片 ({patterns});;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/errors.py" line="+55"/>
        <source>The computer ran out of memory. Close other programs and try again.</source>
        <translation>电脑内存不足。请关闭其他程序后再试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The app is not allowed to read or write a file or folder. Check that the folder is not read-only and that you have access to it.</source>
        <translation>软件没有权限读取或写入某个文件或文件夹。请确认文件夹不是只读的，并且您有访问权限。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A file or folder is no longer where it was. It may have been moved, renamed or deleted.</source>
        <translation>某个文件或文件夹已经不在原来的位置，可能被移动、改名或删除了。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The disk is full. Free some space and try again.</source>
        <translation>磁盘已满。请清理出一些空间后再试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A file could not be read or written. Check the disk and try again.</source>
        <translation>无法读取或写入文件。请检查磁盘后再试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong inside the app. Your case is saved; you can keep working.</source>
        <translation>软件内部出了点问题。您的投诉资料已保存，可以继续操作。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Something went wrong</source>
        <translation>出了点问题</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The details are also in the log file: {path}</source>
        <translation>详细信息也记录在日志文件中：{path}</translation>
    </message>
</context>
<context>
    <name>ListingPanel</name>
    <message>
        <location filename="../../ui/views/listing_panel.py" line="+26"/>
        <source>Shop name of the accused seller</source>
        <translation>被投诉卖家的店铺名称</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>+ Another link</source>
        <translation>+ 再添加一个链接</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Seller</source>
        <translation>卖家</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Listing link(s) of the copied product</source>
        <translation>盗图商品的链接</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Paste the link, e.g. https://detail.1688.com/offer/123456.html</source>
        <translation>粘贴链接，例如 https://detail.1688.com/offer/123456.html</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Will be submitted as: {url}</source>
        <translation>将提交为：{url}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="+72"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New complaint</source>
        <translation>新建投诉</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open a case folder…</source>
        <translation>打开投诉文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+26"/>
        <source>Quick guide</source>
        <translation>使用指南</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Open the log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+47"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Three steps</source>
        <translation>三个步骤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1. Add pictures: the complaint picture (the original that was copied) and a few behind-the-scenes pictures of the same shoot (the 花絮图推荐 tab finds them).</source>
        <translation>1. 添加照片：投诉图（被盗用的那张原图）和几张同一次拍摄的花絮图（“花絮图推荐”可以帮您从照片文件夹里找）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>2. Work through the checklist: fix each red cross, or explain it (说明理由) if you are sure the platform will accept it. An explanation covers that one photo only.</source>
        <translation>2. 按待办清单逐项处理：把每个红色叉号解决掉；如果确定平台会接受，也可以“说明理由”。说明只对那一张照片有效。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>3. Export the bundle and upload its files field by field, as report.html shows.</source>
        <translation>3. 导出投诉资料包，按 report.html 的清单逐栏上传文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the badges mean</source>
        <translation>标记的含义</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Red cross: must be fixed (or explained) before export · purple speech bubble: you explained it, it can be exported but the platform may still reject it · yellow triangle: worth a look · green tick: passes every check</source>
        <translation>红色叉号：导出前必须解决（或说明理由）· 紫色对话框：您已说明理由，可以导出，但平台仍可能因此驳回 · 黄色三角：需要留意 · 绿色对勾：所有检查都通过</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What the platform checks</source>
        <translation>平台会检查什么</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An original straight from the camera or phone (not edited, not compressed by a chat app), 200 KB to 20 MB, JPG/PNG (RAW and HEIC converted), behind-the-scenes pictures of the same shoot, and for every visible model face a photo of the model holding the front of their ID card with a signed authorization.</source>
        <translation>相机或手机直接导出的原图（没有修过图，没有被微信、旺旺压缩过），大小 200KB–20MB，JPG/PNG 格式（RAW 和 HEIC 需要转换），同一次拍摄的花絮图；照片里每一位露脸的模特，都要有模特本人手持身份证正面的照片和签字的授权书。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{name} {version}
Works offline. Your photos are never changed.</source>
        <translation>{name} {version}
离线工作。您的照片永远不会被修改。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Choose a case folder</source>
        <translation>选择投诉文件夹</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Find my original</source>
        <translation>找原图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finding the original from the listing&apos;s picture is not in this version yet. Compare the listing&apos;s picture with your shoot and choose the exact frame.</source>
        <translation>这个版本还不能根据商品图片找原图。请把商品图片和您的整场拍摄对照，选出正是被盗用的那一张原图。</translation>
    </message>
</context>
<context>
    <name>MatchChoice</name>
    <message>
        <location filename="../../ui/views/match_choice.py" line="+53"/>
        <source>The choice was not recorded: %1 cannot be read now (%2). If it was moved or deleted, put it back or find the original again.</source>
        <translation>没有记下这次选择：现在读不了 %1（%2）。如果它被移走或删除了，请放回原处，或重新找原图。</translation>
    </message>
</context>
<context>
    <name>MatchDialog</name>
    <message>
        <location filename="../../ui/views/match_dialog.py" line="+80"/>
        <source>Find my original</source>
        <translation>找原图</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Drop the listing image here, paste a screenshot (Ctrl+V), or choose a file.</source>
        <translation>把对方商品页上的图片拖到这里，粘贴截图（Ctrl+V），或者选择文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose listing image…</source>
        <translation>选择商品页图片…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Use as complaint picture</source>
        <translation>设为投诉图</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Pasted screenshot %1</source>
        <translation>粘贴的截图 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose listing image</source>
        <translation>选择商品页图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Add your photo folders to the library on the start screen first.</source>
        <translation>请先在首页把存放照片的文件夹加入照片库。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Searching the library…</source>
        <translation>正在照片库中查找…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Indexing the library: %1 of %2</source>
        <translation>正在为照片库建立索引：第 %1 张，共 %2 张</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Pick the original the listing was made from.</source>
        <translation>请选出对方图片所用的那张原图。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>score %1</source>
        <translation>匹配分 %1</translation>
    </message>
    <message>
        <source> (mirrored)</source>
        <translation type="vanished">（镜像翻转）</translation>
    </message>
</context>
<context>
    <name>PeoplePanel</name>
    <message>
        <location filename="../../ui/views/people_panel.py" line="+76"/>
        <source>If a model&apos;s face can be seen, the platform needs a photo of the model holding the front of their ID card. ID photos are kept only in this case and its export.</source>
        <translation>照片中能看到模特的脸时，平台要求提供模特手持身份证正面的照片。身份证照片只保存在本次投诉和导出包中。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add model and ID photo…</source>
        <translation>添加模特和身份证照片…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Appears in selected picture</source>
        <translation>出现在所选照片中</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+218"/>
        <source>Remove model</source>
        <translation>移除模特</translation>
    </message>
    <message>
        <location line="-216"/>
        <source>Print authorization…</source>
        <translation>打印模特授权书…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A 模特授权书 page filled in from this case (model, shoot dates, scope) to print, sign and attach</source>
        <translation>按本案件填好的模特授权书（模特、拍摄日期、授权范围），打印签字后再添加回来</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attach signed authorization…</source>
        <translation>添加签好字的授权书…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Keep for later complaints</source>
        <translation>保存以便以后的投诉使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stores this model&apos;s ID photos in this app&apos;s data folder on this computer, so later complaints can add them with one click.</source>
        <translation>把这位模特的身份证照片保存在本电脑的软件数据文件夹里，以后投诉时一键即可添加。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Submit the ID photo with a purpose watermark</source>
        <translation>提交加了用途水印的身份证照片副本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Puts “仅限图片侵权投诉使用” and today&apos;s date on a copy of the ID photo; the export carries that copy.</source>
        <translation>在身份证照片的副本上加上“仅限图片侵权投诉使用”和今天的日期；导出的材料包使用这份副本。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Faces outlined in red are not models…</source>
        <translation>红框里的人不是模特…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A painting, a poster, a passer-by: say why, face by face; the reason goes into the case and the export</source>
        <translation>画像、海报、路人：逐张人脸说明理由，理由会记入案件和导出材料</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+251"/>
        <source>Add from saved models</source>
        <translation>从已保存的模特中添加</translation>
    </message>
    <message>
        <location line="-249"/>
        <source>Delete saved model…</source>
        <translation>删除已保存的模特…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No saved models yet. Tick “Keep for later complaints” on a model to find it here next time.</source>
        <translation>还没有已保存的模特。给模特勾选“保存以便以后的投诉使用”，下次就能在这里找到。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Saved models (on this computer only)</source>
        <translation>已保存的模特（只存在本电脑上）</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n ID photo(s)</source>
        <translation>
            <numerusform>%n 张身份证照片</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no ID photo yet</source>
        <translation>还没有身份证照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>appears in: {names}</source>
        <translation>出现在：{names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not linked to a picture yet</source>
        <translation>还没有关联照片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>signed authorization attached</source>
        <translation>已附签字授权书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no signed authorization yet</source>
        <translation>还没有签字授权书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>watermarked</source>
        <translation>已加水印</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>saved for later</source>
        <translation>已保存供以后使用</translation>
    </message>
    <message numerus="yes">
        <location line="+50"/>
        <source>%n face(s) without model proof, outlined in red in: </source>
        <translation>
            <numerusform>%n 张人脸还没有模特证明（已用红框标出）：</numerusform>
        </translation>
    </message>
    <message>
        <location line="+99"/>
        <source>Not a model</source>
        <translation>不是模特</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n face(s) outlined in red have no model proof. Why is none of them a model? (e.g. a painting, a poster, a passer-by)</source>
        <translation>
            <numerusform>红框标出的 %n 张人脸还没有模特证明。为什么它们都不是模特？（例如画像、海报、路人）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The signed authorization (photo or scan)</source>
        <translation>签好字的授权书（照片或扫描件）</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>No picture is waiting for model proof.</source>
        <translation>没有照片在等待模特证明。</translation>
    </message>
    <message numerus="yes">
        <location line="+38"/>
        <source>{name} · %n ID photo(s)</source>
        <translation>
            <numerusform>{name} · %n 张身份证照片</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add model</source>
        <translation>添加模特</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model&apos;s name</source>
        <translation>模特姓名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the photo of {name} holding the ID card</source>
        <translation>选择 {name} 手持身份证的照片</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Remove {name} and delete the ID photo copies from this case?</source>
        <translation>移除 {name}，并从本次投诉中删除其身份证照片副本？</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>{name} is already in this complaint.</source>
        <translation>{name} 已经在本次投诉中。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delete saved model</source>
        <translation>删除已保存的模特</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the saved copy of {name} and their ID photos from this computer? Complaints that already use them keep their own copies.</source>
        <translation>要从本电脑删除已保存的 {name} 及其身份证照片吗？已经用到它的投诉会保留各自的副本。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The export carries the ID photo as it was given again.</source>
        <translation>导出的材料包重新使用原样的身份证照片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No Chinese font was found on this computer, so the watermark was written in English: “{text}”. The ID photo itself is unchanged.</source>
        <translation>本电脑上没有找到中文字体，所以水印用英文写成：“{text}”。身份证照片本身没有改动。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The export carries a copy marked “{text}”. The ID photo itself is unchanged.</source>
        <translation>导出的材料包使用标有“{text}”的副本。身份证照片本身没有改动。</translation>
    </message>
</context>
<context>
    <name>SellersDialog</name>
    <message>
        <location filename="../../ui/views/sellers_dialog.py" line="+31"/>
        <source>Authorized sellers</source>
        <translation>许可名单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Distributors and shops you allow to use your photos. A complaint against one of them asks before export. (The platform&apos;s own image protection keeps such a list too: add them there as well.)</source>
        <translation>您允许使用自己图片的分销商和店铺。对名单里的店铺投诉时，导出前软件会先问您。（平台的八载图片保护也有许可名单，请在那里也加上。）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note (e.g. distributor since 2025)</source>
        <translation>备注（例如：2025年起的分销商）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>StartView</name>
    <message>
        <location filename="../../ui/views/start_view.py" line="+110"/>
        <source>Original-photo complaint assistant</source>
        <translation>原图投诉助手</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prepare image-infringement complaints for 1688 and Taobao: check that your photos are originals, collect the shoot and model proof, export a bundle.</source>
        <translation>为 1688 / 淘宝图片侵权投诉准备材料：检查照片是不是原图，收集同一次拍摄的花絮图和模特证明，一键导出投诉资料包。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>New complaint</source>
        <translation>新建投诉</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open a case folder…</source>
        <translation>打开投诉文件夹…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Search by seller</source>
        <translation>按店铺搜索</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Authorized sellers…</source>
        <translation>许可名单…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distributors allowed to use your photos (许可名单): the app warns before a complaint against them</source>
        <translation>允许使用您图片的分销商（许可名单）：投诉他们之前软件会提醒您</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Continue selected</source>
        <translation>继续处理所选投诉</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No complaints yet. Start with “New complaint”.</source>
        <translation>还没有投诉。点击“新建投诉”开始。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Complaints</source>
        <translation>我的投诉</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No photo folder yet. Click “Add folder…” and choose the folder where your product photos are kept.</source>
        <translation>还没有照片库文件夹。点击“添加文件夹…”，选择存放商品照片的文件夹。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The app forgets the folder; your photos stay where they are</source>
        <translation>软件不再读取这个文件夹；您的照片原地不动</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan again</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find my original…</source>
        <translation>找原图…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop the image from the other seller&apos;s listing: the app finds the photo of yours it was made from</source>
        <translation>拖入对方商品页上的图片：软件会找出它是用您的哪张照片做的</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folders where you keep your product photos. The app reads them (never changes them) to find other pictures of the same shoot.</source>
        <translation>存放商品照片的文件夹。软件只读取（从不修改）其中的照片，用来查找同一次拍摄的其他照片。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Photo library</source>
        <translation>照片库</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Add the photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The complaint picture and other pictures of the same shoot. RAW and HEIC convert to JPEG with one click.</source>
        <translation>投诉图和同一次拍摄的其他照片。RAW 和 HEIC 可以一键转成 JPG。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Work through the checklist</source>
        <translation>处理待办清单</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Originals, size, format, faces and model proof, the listing link: each item says how to fix it.</source>
        <translation>原图、大小、格式、人脸与模特证明、商品链接：每一项都写明了怎么解决。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export and upload</source>
        <translation>导出并上传</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>One folder per form field, with a report that says which file goes where.</source>
        <translation>每个表单栏目一个文件夹，附带说明：哪个文件传到哪一栏。</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>This case cannot be read</source>
        <translation>无法读取这个投诉</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Complaint without seller name</source>
        <translation>未填写卖家的投诉</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n picture(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No. {number}</source>
        <translation>单号 {number}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>not scanned yet</source>
        <translation>尚未扫描</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Choose a folder with your photos</source>
        <translation>选择存放照片的文件夹</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Reading the photo folders…</source>
        <translation>正在读取照片文件夹…</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%n photo(s) in the library</source>
        <translation>
            <numerusform>照片库共 %n 张照片</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n new</source>
        <translation>
            <numerusform>新增 %n 张</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not open %1 (is the drive connected?). Its photos stay in the library; scan again once it is back.</source>
        <translation>打不开 %1（移动硬盘是否已连接？）。其中的照片仍保留在照片库中；连接后请重新扫描。</translation>
    </message>
    <message numerus="yes">
        <location line="-13"/>
        <source>Re-reading %n photo(s): this version of the app reads more from them (such as the camera body&apos;s serial number). Your photos are not changed.</source>
        <translation>
            <numerusform>正在重新读取 %n 张照片：新版本能从照片中读出更多信息（例如相机机身序列号）。照片本身不会被改动。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n read again</source>
        <translation>
            <numerusform>重新读取 %n 张</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SuggestionsPanel</name>
    <message>
        <location filename="../../ui/views/suggestions_panel.py" line="+42"/>
        <source>already in the case</source>
        <translation>已添加</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Find behind-the-scenes photos</source>
        <translation>查找花絮图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add a photo library folder…</source>
        <translation>添加照片库文件夹…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add selected</source>
        <translation>添加所选</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add recommended</source>
        <translation>一键添加推荐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adds the best suggestions that pass every rule</source>
        <translation>添加符合全部规则的最佳推荐</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Choose the complaint picture first: suggestions come from the same shoot.</source>
        <translation>请先选择投诉图：推荐的花絮图来自同一次拍摄。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the folder where you keep your photos. The app looks there for other pictures of the same shoot as the complaint picture.</source>
        <translation>请添加存放照片的文件夹。软件会在其中查找与投诉图同一次拍摄的其他照片。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Looks in {count} library folder(s) for pictures of the same shoot as {name}: same camera body, shortly before or after, or another device during the shoot.</source>
        <translation>在 {count} 个照片库文件夹中查找与 {name} 同一次拍摄的照片：同一台相机、前后相近时间拍摄，或拍摄期间其他设备拍的照片。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>No other pictures of this shoot were found in the library folders.</source>
        <translation>在照片库中没有找到这次拍摄的其他照片。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n near-duplicate(s) of the complaint picture hidden: show</source>
        <translation>
            <numerusform>有 %n 张和投诉图几乎一样的照片没有列出：查看</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Near-duplicates of the complaint picture</source>
        <translation>和投诉图几乎一样的照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These photos look (almost) the same as the complaint picture, so they do not show another angle of the shoot and were left out:</source>
        <translation>这些照片和投诉图（几乎）一模一样，不能展示这次拍摄的其他角度，所以没有列出：</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Add a photo that fails a rule?</source>
        <translation>添加一张不符合规则的照片？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This photo fails a platform rule:</source>
        <translation>这张照片不符合平台的规则：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It will be blocked in the checklist until it is fixed or explained. Add it anyway?</source>
        <translation>加入后它会在待办清单里显示为需要解决，直到问题解决或您说明理由。仍然添加吗？</translation>
    </message>
    <message numerus="yes">
        <location line="-56"/>
        <source>Re-reading %n photo(s) of the library: this version of the app reads more from them (such as the camera body&apos;s serial number). Your photos are not changed.</source>
        <translation>
            <numerusform>正在重新读取照片库中的 %n 张照片：新版本能从照片中读出更多信息（例如相机机身序列号）。照片本身不会被改动。</numerusform>
        </translation>
    </message>
</context>
</TS>
