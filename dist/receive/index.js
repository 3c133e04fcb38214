import{E as t,c as r}from"./chunk-IWXB6DE5.js";await t();r();
