import{E as t,c as r}from"./chunk-QFWZSNS7.js";await t();r();
