window.testPage = true;
