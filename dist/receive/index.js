import{Q as t,c as r}from"./chunk-WFLCDMIZ.js";await t();r();
