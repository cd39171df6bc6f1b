<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Over de canon</title>
<meta name="keywords" content="canon, sociaal werk, geschiedenis, samenlevingsopbouw, maatschappelijk werk, jeugdzorg">
<link href="/css/canon.css" rel="stylesheet" type="text/css">
<script type="text/javascript" src="/js/menu.js"></script>
<script type="text/javascript">
var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-1234567-1']); _gaq.push(['_trackPageview']);
</script>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0">
<div id="container">
<div id="banner"><a href="/"><img src="/img/banner_nl.jpg" alt="Canon sociaal werk" width="780" height="110" border="0"></a></div>
<div id="menu">
<a href="/nl/index.php"><img src="/img/knop_home.gif" alt="homepage" border="0"></a><a href="/nl/overdecanon.php"><img src="/img/knop_over.gif" alt="over de canon" border="0"></a><a href="/nl/publicaties.php?cps=0"><img src="/img/knop_boeken.gif" alt="boeken" border="0"></a><a href="/nl/bronnen.php"><img src="/img/knop_bronnen.gif" alt="bronnen" border="0"></a><a href="/zoeken.php?canon=nl"><img src="/img/knop_zoeken.gif" alt="zoeken" border="0"></a>
</div>
<div id="content">
<h1 class="titel">Over de Canon</h1>
<p>De Canon Sociaal Werk Nederland begon in december 2006 met een versie van tien vensters en groeide uit tot een project met canons voor vele werkvelden van het sociale domein.</p>
<p>De redactie nodigt iedereen uit om suggesties te doen en bijdragen te leveren.</p>
</div>
</div>
</body>
</html>
