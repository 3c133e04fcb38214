import{E as t,c as r}from"./chunk-KZ7XTUOP.js";await t();r();
